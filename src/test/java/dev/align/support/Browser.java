package dev.align.support;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

/**
 * Headless Chromium for the browser journeys (Debian's chromium and chromedriver, paths given so that
 * Selenium never downloads a browser), and Deque's axe-core over what it shows.
 */
public final class Browser {

    /** WCAG 2.0 and 2.1, levels A and AA. */
    private static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private Browser() {
    }

    public static WebDriver chromium(int width, int height) throws IOException {
        var options = new ChromeOptions();
        options.setBinary(env("CHROME_BIN", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("align-chromium").toAbsolutePath());
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(env("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * The serious and critical WCAG 2.1 A/AA violations on the page as shown now, one line per element,
     * leaving out only Vaadin's development tools (not part of the product).
     */
    public static List<String> seriousViolations(WebDriver driver) {
        settle(driver);
        var results = new AxeBuilder().withTags(WCAG_21_AA)
                .exclude("vaadin-dev-tools").exclude("copilot-main")
                .analyze(driver);
        return results.getViolations().stream()
                .filter(rule -> BLOCKING.contains(rule.getImpact()))
                .flatMap(rule -> rule.getNodes().stream().map(node -> describe(rule) + " at " + node.getTarget()
                        + ": " + node.getHtml()))
                .toList();
    }

    /**
     * Waits (up to 5 s) until no animation runs: a dialog that is still fading in has its text at part
     * opacity, which axe rightly reports as too little contrast. Endless animations (a spinner) are
     * not waited for.
     */
    public static void settle(WebDriver driver) {
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(5)).until(d ->
                (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                        "return document.querySelector('[opening], [closing]') === null"
                                + " && document.getAnimations().every(a => a.playState !== 'running'"
                                + " || a.effect === null || a.effect.getComputedTiming().iterations === Infinity);"));
        } catch (org.openqa.selenium.TimeoutException stillMoving) {
            // axe then judges the page as it is; a finding names the element.
        }
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + " (" + rule.getHelp() + ")";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
