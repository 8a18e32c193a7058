package dev.align;

import dev.align.support.Browser;
import dev.align.support.JourneyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page a person uses, checked with Deque's axe-core (WCAG 2.1 A/AA: no serious or critical
 * violation) on a 1280 px desktop and a 768 px tablet, where nothing may need sideways scrolling;
 * and the dark theme, switched on by a person and remembered for them.
 */
@JourneyApplication
class AccessibilityBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static WebDriver driver;
    private final List<String> violations = new ArrayList<>();

    @LocalServerPort int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        driver = Browser.chromium(1280, 900);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void every_page_passes_axe_on_a_desktop_and_a_tablet_without_sideways_scrolling() throws IOException {
        for (int width : new int[] {1280, 768}) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            driver.manage().deleteAllCookies();
            driver.get(url("login"));
            check("login", width, By.tagName("vaadin-login-form"));

            signIn("admin@acme.example");
            for (String page : List.of("entries", "projects", "releases", "people")) {
                driver.get(url(page));
                check(page, width, By.tagName("vaadin-grid"));
            }
            driver.get(url("settings/add-ons"));
            check("add-ons", width, By.id("illumera-card"));
            driver.get(url("no-such-page"));
            check("not-found", width, By.id("not-found"));
            if (driver.getTitle().isBlank()) {
                violations.add("not-found @" + width + "px: no page title");
            }

            driver.manage().deleteAllCookies();
            signIn("owner@globex.example"); // the Starter plan: the card says "Not included"
            driver.get(url("settings/add-ons"));
            check("add-ons-not-included", width, By.id("illumera-card"));

            driver.manage().deleteAllCookies();
            signIn("support@align.example");
            driver.get(url("support/organisations"));
            check("support-organisations", width, By.id("organisations"));
        }
        assertThat(violations).as(String.join("\n", violations)).isEmpty();
    }

    @Test
    void a_person_switches_to_the_dark_theme_which_passes_axe_and_stays_after_a_reload() throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        driver.manage().deleteAllCookies();
        signIn("owner@acme.example");
        driver.get(url("entries"));
        WebElement toggle = waitFor(By.id("colour-scheme"));
        assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("false");
        press(toggle);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "dark".equals(colourScheme()));
        try {
            check("entries-dark", 1280, By.tagName("vaadin-grid"));
            ((JavascriptExecutor) driver).executeScript("document.querySelectorAll('vaadin-dev-tools, copilot-main')"
                    + ".forEach(e => e.style.display = 'none');");
            Files.write(SCREENSHOTS.resolve("dark-entries.png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            driver.get(url("settings/add-ons"));
            check("add-ons-dark", 1280, By.id("illumera-card"));
            assertThat(colourScheme()).as("remembered on the next page").isEqualTo("dark");
            assertThat(waitFor(By.id("colour-scheme")).getDomAttribute("aria-pressed")).isEqualTo("true");
        } finally {
            press(waitFor(By.id("colour-scheme"))); // back to light: the other journeys' screenshots are light
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "light".equals(colourScheme()));
        }
        assertThat(violations).as(String.join("\n", violations)).isEmpty();
    }

    /** A click that Vaadin's development tools, lying over the header in this mode, cannot intercept. */
    private static void press(WebElement button) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].click();", button);
    }

    /** The colour scheme the page is drawn in, as the browser computed it. */
    private static String colourScheme() {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.documentElement).colorScheme;"));
    }

    private void check(String page, int width, By ready) throws IOException {
        try {
            waitFor(ready);
        } catch (RuntimeException e) {
            Files.writeString(SCREENSHOTS.resolve("debug-" + page + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
            Files.write(SCREENSHOTS.resolve("debug-" + page + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            throw e;
        }
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d)
                .executeScript("return document.readyState").equals("complete"));
        Browser.seriousViolations(driver).forEach(v -> violations.add(page + " @" + width + "px: " + v));
        Number overflow = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        if (overflow.intValue() > 0) {
            violations.add(page + " @" + width + "px: wider than the window by " + overflow + " px");
        }
        if (width == 768) {
            // The development tools' toast and toolbar are not part of the product: out of the picture.
            ((JavascriptExecutor) driver).executeScript("document.querySelectorAll('vaadin-dev-tools, copilot-main')"
                    + ".forEach(e => e.style.display = 'none');");
            Files.write(SCREENSHOTS.resolve("tablet-" + page + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        }
    }

    private void signIn(String email) {
        driver.get(url("login"));
        waitFor(By.cssSelector("vaadin-login-form input[name='username']")).sendKeys(email);
        driver.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys("align-demo");
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private static WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }
}
