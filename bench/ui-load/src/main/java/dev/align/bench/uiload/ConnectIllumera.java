package dev.align.bench.uiload;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Before the load: Acme connected to the cluster's Illumera sandbox and synced once, as an Owner does it
 * in the browser (headless Chromium through the load balancer), so that the card, the history and the
 * audit trail show what a connected organisation's do. Does nothing when Acme is connected already.
 */
final class ConnectIllumera {

    static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";

    private ConnectIllumera() {
    }

    static void ensureConnected(String url) throws Exception {
        var options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1440,1200",
                "--user-data-dir=" + Files.createTempDirectory("align-bench-chromium").toAbsolutePath());
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(url + "/login");
            wait(driver, 60).until(d -> d.findElement(By.cssSelector("vaadin-login-form input[name='username']")))
                    .sendKeys("owner@acme.example");
            driver.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys("align-demo");
            driver.findElement(By.cssSelector("vaadin-login-form vaadin-button")).click();
            wait(driver, 60).until(d -> !d.getCurrentUrl().contains("/login"));
            driver.get(url + "/settings/add-ons");
            String state = wait(driver, 60).until(d -> d.findElement(By.id("illumera-card")).getDomAttribute("data-state"));
            if ("CONNECTED".equals(state)) {
                System.out.println("[ui-load] Acme is connected already");
                return;
            }
            System.out.println("[ui-load] Connecting Acme to the sandbox (was " + state + ")");
            click(driver, button(driver, "Connect", null));
            WebElement dialog = wait(driver, 30).until(d -> d.findElement(By.id("connect-dialog")));
            type(driver, By.cssSelector("vaadin-password-field input"), DEMO_KEY);
            type(driver, By.cssSelector("#connect-dialog vaadin-text-field input"), "ws_AlignDemo");
            click(driver, button(driver, "Test connection", null));
            wait(driver, 60).until(d -> "PASSED".equals(d.findElement(By.id("connection-result")).getDomAttribute("data-outcome")));
            click(driver, button(driver, "Connect", dialog));
            wait(driver, 60).until(d -> "CONNECTED".equals(d.findElement(By.id("illumera-card")).getDomAttribute("data-state")));
            wait(driver, 60).until(d -> d.findElement(By.id("mapping-grid")));
            click(driver, button(driver, "Save", null));
            WebElement confirm = wait(driver, 30).until(d -> d.findElement(By.id("save-confirm")));
            click(driver, button(driver, "Save and start", confirm));
            wait(driver, 300).until(d -> d.findElement(By.id("last-sync")).getDomProperty("textContent").contains("succeeded"));
            System.out.println("[ui-load] Connected; initial sync: "
                    + driver.findElement(By.id("last-sync")).getDomProperty("textContent"));
        } finally {
            driver.quit();
        }
    }

    private static WebDriverWait wait(WebDriver driver, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static WebElement button(WebDriver driver, String text, WebElement within) {
        return wait(driver, 30).until(d -> (within == null ? d.findElements(By.tagName("vaadin-button"))
                : within.findElements(By.tagName("vaadin-button"))).stream()
                .filter(b -> b.getDomAttribute("hidden") == null && b.getText().strip().equals(text))
                .findFirst().orElse(null));
    }

    private static void click(WebDriver driver, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private static void type(WebDriver driver, By input, String text) {
        WebElement field = wait(driver, 30).until(d -> d.findElement(input));
        field.clear();
        field.sendKeys(text);
    }
}
