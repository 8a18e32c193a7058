/** Small UI helpers shared by every feature's views. */
@NamedInterface("ui")
package dev.align.base.ui;

import org.springframework.modulith.NamedInterface;
