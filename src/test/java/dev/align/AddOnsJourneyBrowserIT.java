package dev.align;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main journey in real headless Chromium (Debian's chromium + chromedriver, paths given so that
 * Selenium never downloads a browser), against the demo data of the default configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"align.embedded-db.data-dir=target/test-mariadb", "align.demo-data=true",
                "align.secrets.keyset-file=target/test-secrets-keyset.json",
                "align.secrets.generate-if-missing=true"})
class AddOnsJourneyBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static WebDriver driver;

    @LocalServerPort int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        var options = new ChromeOptions();
        options.setBinary(env("CHROME_BIN", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("align-chromium").toAbsolutePath());
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(env("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void signOut() {
        driver.manage().deleteAllCookies();
    }

    @Test
    void an_admin_goes_from_entries_to_settings_add_ons_and_sees_the_illumera_card() throws IOException {
        signIn("admin@acme.example");

        waitFor(By.tagName("vaadin-grid"));
        assertThat(driver.getCurrentUrl()).endsWith("/entries");
        screenshot("entries");
        navItem("Add-ons").click();

        WebElement card = waitFor(By.id("illumera-card"));
        waitUntilText(card, "Not connected");
        assertThat(driver.getCurrentUrl()).endsWith("/settings/add-ons");
        assertThat(card.getText()).contains("Illumera").contains("Not connected");
        screenshot("addons-not-connected");
    }

    @Test
    void an_anonymous_visitor_of_a_page_is_sent_to_the_login_page() {
        driver.get(url("settings/add-ons"));

        waitFor(By.tagName("vaadin-login-form"));
        assertThat(driver.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void a_member_has_no_add_ons_menu_entry_and_the_url_is_refused() throws IOException {
        signIn("member@acme.example");

        waitFor(By.tagName("vaadin-grid"));
        assertThat(navItems()).contains("Entries").doesNotContain("Add-ons", "Settings");
        driver.get(url("settings/add-ons"));
        WebElement refused = waitFor(By.id("not-found"));
        screenshot("member-refused");
        assertThat(refused.getText()).contains("Page not available");
        assertThat(driver.findElements(By.id("illumera-card"))).isEmpty();
    }

    private void signIn(String email) {
        driver.get(url("login"));
        WebElement username = waitFor(By.cssSelector("vaadin-login-form input[name='username']"));
        username.sendKeys(email);
        driver.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys("align-demo");
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private List<String> navItems() {
        waitFor(By.tagName("vaadin-side-nav-item"));
        return driver.findElements(By.tagName("vaadin-side-nav-item")).stream()
                .map(item -> item.getDomProperty("textContent").strip()).toList();
    }

    private WebElement navItem(String label) {
        waitFor(By.tagName("vaadin-side-nav-item"));
        return driver.findElements(By.tagName("vaadin-side-nav-item")).stream()
                .filter(item -> item.getDomProperty("path") != null && item.getDomProperty("path").contains("add-ons"))
                .filter(item -> item.getDomProperty("textContent").strip().equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("No menu entry " + label + " in " + navItems()));
    }

    private static WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static void waitUntilText(WebElement element, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> element.getText().contains(text));
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
