package dev.align.base.db;

import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Scheduled jobs run on every node; ShedLock (JDBC, database time) lets one node at a time do each
 * one. {@code align.scheduling.enabled=false} switches them off (e.g. on a read-only node).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "align.scheduling.enabled", havingValue = "true", matchIfMissing = true)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulingConfig {
}
