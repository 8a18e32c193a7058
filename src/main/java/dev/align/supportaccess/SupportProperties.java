package dev.align.supportaccess;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings of support access ({@code align.support.*}). */
@ConfigurationProperties("align.support")
record SupportProperties(@DefaultValue("PT60M") Duration grantDuration) {
}
