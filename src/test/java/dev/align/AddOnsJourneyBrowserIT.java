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
 * Selenium never downloads a browser), against the demo data of the default configuration (with the
 * sandbox's admin API on, to make a key that expires soon). Screenshots land in target/screenshots;
 * the README's are copied from there to docs/screenshots.
 */
@dev.align.support.JourneyApplication
class AddOnsJourneyBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static WebDriver driver;
    /** axe-core's serious and critical findings on every screen this journey photographs. */
    private static final List<String> violations = new java.util.ArrayList<>();

    @LocalServerPort int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        driver = dev.align.support.Browser.chromium(1280, 900);
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
        var found = List.copyOf(violations);
        violations.clear();
        assertThat(found).as(String.join("\n", found)).isEmpty();
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

    @Test
    void support_staff_open_read_only_access_with_a_reason_and_the_organisation_can_end_it() throws IOException {
        signIn("support@align.example");
        driver.get(url("support/organisations"));
        WebElement organisations = waitFor(By.id("organisations"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> organisations.getText().contains("Acme"));
        click(button("Ask for access…"));
        WebElement dialog = waitFor(By.id("grant-dialog"));
        type(By.cssSelector("#grant-reason textarea"), "Ticket 4711: Acme asked why an entry did not reach Illumera");
        type(By.cssSelector("#grant-ticket input"), "4711");
        screenshot("support-ask-access");
        click(button("Open read-only access", dialog));
        waitFor(By.id("runs"));
        assertThat(navItems()).contains("Sync history", "Conflicts", "Audit trail").doesNotContain("Add-ons");
        assertThat(driver.findElements(By.cssSelector("vaadin-side-nav > [slot='label']")))
                .anyMatch(label -> label.getText().startsWith("Read-only access"));
        screenshot("support-history");
        driver.manage().deleteAllCookies();

        signIn("admin@acme.example");
        driver.get(url("settings/support-access"));
        WebElement grants = waitFor(By.id("support-grants"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> grants.getText().contains("Ticket 4711"));
        screenshot("support-access");
        click(button("End now"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> grants.getText().contains("Ended by the organisation"));
    }

    @Test
    void an_admin_connects_configures_watches_the_initial_sync_sees_a_change_arrive_and_disconnects() throws Exception {
        signIn("admin@acme.example");
        driver.get(url("settings/add-ons"));
        waitForState("NOT_CONNECTED");

        // Connect with the sandbox's demo key, hinted in the dialog.
        click(button("Connect"));
        WebElement dialog = waitFor(By.id("connect-dialog"));
        assertThat(waitFor(By.id("connect-hint")).getText()).contains(DEMO_KEY);
        type(By.cssSelector("vaadin-password-field input"), DEMO_KEY);
        type(By.cssSelector("#connect-dialog vaadin-text-field input"), "ws_AlignDemo");
        click(button("Test connection"));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "PASSED".equals(
                d.findElement(By.id("connection-result")).getDomAttribute("data-outcome")));
        screenshot("addons-connect-dialog");
        click(button("Connect", dialog));
        waitForState("CONNECTED");
        waitFor(By.id("mapping-grid"));
        screenshot("addons-connected-settings", true);

        // Keep the default mapping, start workflows on status changes; preview, then save: the initial sync starts.
        click(driver.findElements(By.tagName("vaadin-checkbox")).stream()
                .filter(box -> box.getText().contains("Entry status changed")).findFirst().orElseThrow());
        click(button("Preview"));
        assertThat(waitFor(By.id("preview")).getText()).startsWith("The initial sync will link");
        click(button("Save"));
        WebElement confirm = waitFor(By.id("save-confirm"));
        assertThat(confirm.getText()).contains("The initial sync starts as soon as you save");
        screenshot("addons-save-preview");
        click(button("Save and start", confirm));
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "INITIAL_SYNC".equals(state()));
            scrollToTop();
            screenshot("addons-initial-sync");
        } catch (org.openqa.selenium.TimeoutException tooQuick) {
            // the demo's 300 entries can be done before a poll shows the run; the end state is what matters
        }
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> text("last-sync").contains("succeeded"));
        assertThat(state()).isEqualTo("CONNECTED");
        assertThat(text("last-sync")).contains("created");
        // The "Saved" toast may still be fading out (the demo's sync takes a second or two): the page as it stays.
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.querySelectorAll('vaadin-notification-card').length")).intValue() == 0);
        screenshot("addons-synced", true);

        // Change an entry in Align: pushed at once, the task in Illumera has the new title within seconds.
        String changed = renameEntry("#150", " (changed in the browser)");
        new WebDriverWait(driver, Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(250))
                .until(d -> illumeraTaskNamesNow().contains(changed));

        // Register the webhook in one click: a task renamed in Illumera arrives in Align within seconds.
        driver.get(url("settings/add-ons"));
        waitForState("CONNECTED");
        click(button("Register in Illumera"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> text("webhook-state").startsWith("Registered in"));
        screenshot("addons-webhooks", true);
        // Back on the card, saved settings are a summary; "Edit settings" opens the editor.
        assertThat(text("settings-summary-text")).startsWith("Both ways").contains("Entry status changed");
        click(button("Edit settings"));
        waitFor(By.id("mapping-grid"));
        var task152 = illumeraTasks().stream().filter(t -> t.get("name").asString().endsWith("#152")).findFirst()
                .orElseThrow();
        String renamedThere = task152.get("name").asString() + " (renamed in Illumera)";
        sandbox("PATCH", "/admin/tasks/" + task152.get("id").asString(), "{\"name\": \"" + renamedThere + "\"}");
        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofSeconds(1))
                .until(d -> entryTitles(renamedThere).contains(renamedThere));

        // The same entry renamed on both sides while Illumera's webhooks are lost (else its rename arrives at
        // once): the run started by the Align rename sees both; the card links to the inspector, where
        // Illumera's name wins.
        String inIllumera = changed + " (renamed in Illumera)";
        sandbox("POST", "/admin/webhooks/drop-rate", "{\"workspaceId\": null, \"rate\": 1}");
        sandbox("PATCH", "/admin/tasks/" + illumeraTaskId(changed), "{\"name\": \"" + inIllumera + "\"}");
        renameEntry(changed, " (renamed in Align)");
        sandbox("POST", "/admin/webhooks/drop-rate", "{\"workspaceId\": null, \"rate\": 0}");
        driver.get(url("settings/add-ons"));
        waitForState("CONNECTED");
        click(button("Sync now"));
        WebElement waiting = new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElements(
                By.id("conflicts-waiting")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(waiting.getText()).isEqualTo("1 conflict waiting");
        click(waiting);
        WebElement conflicts = waitFor(By.id("waiting-conflicts"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> conflicts.getText().contains(inIllumera));
        screenshot("conflict-inspector");
        List<WebElement> boxes = conflicts.findElements(By.tagName("vaadin-checkbox"));
        click(boxes.getLast());
        click(button("Keep Illumera's value"));
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> entryTitles(inIllumera).contains(inIllumera));
        assertThat(illumeraTaskNames()).as("both sides agree").contains(inIllumera).doesNotContain(
                changed + " (renamed in Align)");

        // The history shows the runs; the latest opens with each record it touched.
        driver.get(url("settings/add-ons/history"));
        WebElement runs = waitFor(By.id("runs"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> runs.getText().contains("Manual"));
        screenshot("sync-history");
        click(runs.findElements(By.tagName("a")).stream().filter(a -> a.getText().equals("Open")).findFirst()
                .orElseThrow());
        WebElement records = waitFor(By.id("run-records"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !text("run-summary").isBlank());
        screenshot("sync-run");
        assertThat(records.isDisplayed()).isTrue();

        // The run can be undone: the preview says what goes back (cancelled here).
        click(button("Undo this run…"));
        WebElement undo = waitFor(By.id("undo-dialog"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> undo.getText().contains("Entry title"));
        screenshot("undo-preview");
        click(button("Cancel", undo));

        // The entry's own history (with restore) and its sync panel.
        driver.get(url("entries"));
        type(By.cssSelector("vaadin-text-field[placeholder='Search titles'] input"), inIllumera);
        Thread.sleep(1000); // the filter applies 400 ms after the last key
        click(new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.tagName("vaadin-grid-cell-content")).stream().filter(c -> c.getText().equals(inIllumera)).findFirst()
                .orElse(null)));
        click(button("History"));
        WebElement entryHistory = waitFor(By.id("entry-history"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> entryHistory.getText().contains("Illumera sync"));
        screenshot("entry-history");
        click(button("Close", entryHistory));
        click(waitFor(By.id("entry-sync-link")));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "IN_SYNC".equals(
                d.findElement(By.id("entry-sync-state")).getDomAttribute("data-state")));
        screenshot("entry-sync-panel");

        // The release report and the duplicates page.
        driver.get(url("settings/add-ons/report"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("#release-report svg"))
                .isEmpty());
        screenshot("release-report");
        driver.get(url("settings/add-ons/duplicates"));
        waitFor(By.id("held"));
        screenshot("duplicates");

        // A status changed in Align starts the workspace's workflows; the delivery log shows it delivered.
        String statusChanged = changeStatus("#151", "In review");
        driver.get(url("settings/add-ons"));
        waitForState("CONNECTED");
        click(waitFor(By.id("trigger-log-link")));
        for (int tries = 0; !waitFor(By.id("trigger-deliveries")).getText().contains("Delivered"); tries++) {
            assertThat(tries).as("delivered within about 30 s").isLessThan(15);
            Thread.sleep(2000);
            driver.navigate().refresh(); // the log is read when the page opens; the tick delivers within seconds
        }
        screenshot("trigger-deliveries");
        var received = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
        sandbox("GET", "/admin/workspaces/ws_AlignDemo/triggers", null).forEach(received::add);
        assertThat(received).filteredOn(t -> t.get("event").asString().equals("entry.status_changed")
                        && t.get("body").asString().contains("\"title\":\"" + statusChanged + "\""))
                .as("Illumera received the event once").hasSize(1);

        // The audit trail has the resolution, and Verify finds the chain intact.
        driver.get(url("settings/audit"));
        WebElement trail = waitFor(By.id("audit-records"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> trail.getText().contains("illumera.conflict-resolved"));
        click(button("Verify"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> text("verification").startsWith("Intact"));
        screenshot("audit-trail");

        // A key that expires in five days, entered in the browser: the card and its check say so.
        driver.get(url("settings/add-ons"));
        waitForState("CONNECTED");
        var soonKey = sandboxKey(Duration.ofDays(5).plusHours(1));
        String soon = soonKey.get("key").asString();
        click(button("Enter a new key"));
        WebElement keyDialog = waitFor(By.id("connect-dialog"));
        type(By.cssSelector("vaadin-password-field input"), soon);
        click(button("Test connection", keyDialog));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "PASSED".equals(
                d.findElement(By.id("connection-result")).getDomAttribute("data-outcome")));
        click(button("Connect", keyDialog));
        waitForState("KEY_EXPIRING");
        assertThat(text("illumera-card")).contains("Key expires in 5 days");
        assertThat(text("check-key")).contains("expires on");
        screenshot("addons-key-expiring", true);

        // Illumera ends the key early: the next run is refused, and the card says the key expired.
        sandbox("POST", "/admin/keys/" + soonKey.get("keyId").asString() + "/expire", "{}");
        click(button("Sync now"));
        waitForState("KEY_EXPIRED");
        assertThat(text("illumera-card")).contains("Key expired").contains("Enter a new key");
        screenshot("addons-key-expired", true);

        // Disconnect: the confirmation says what happens; nothing is deleted.
        click(button("Disconnect"));
        WebElement question = waitFor(By.id("disconnect-confirm"));
        assertThat(question.getText()).contains("Nothing is deleted");
        screenshot("addons-disconnect-confirm");
        click(button("Disconnect", question));
        waitForState("NOT_CONNECTED");
        assertThat(text("illumera-card")).contains("Disconnected from Acme (Illumera)");
        assertThat(illumeraTaskNames()).as("nothing was deleted in Illumera").contains(inIllumera);
    }

    private static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    private List<String> illumeraTaskNamesNow() {
        try {
            return illumeraTaskNames();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every task name in the workspaces the demo key sees, read through Illumera's public API. */
    private List<String> illumeraTaskNames() throws Exception {
        return illumeraTasks().stream().map(task -> task.get("name").asString()).toList();
    }

    private List<tools.jackson.databind.JsonNode> illumeraTasks() throws Exception {
        var json = new tools.jackson.databind.ObjectMapper();
        List<tools.jackson.databind.JsonNode> tasks = new java.util.ArrayList<>();
        for (var workspace : json.readTree(illumera("/v1/workspaces?limit=100")).get("items")) {
            String cursor = null;
            do {
                var page = json.readTree(illumera("/v1/tasks?limit=100&workspaceId=" + workspace.get("id").asString()
                        + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                        java.nio.charset.StandardCharsets.UTF_8))));
                page.get("items").forEach(tasks::add);
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
            } while (cursor != null);
        }
        return tasks;
    }

    private String illumera(String path) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("illumera-sandbox" + path)))
                .header("Authorization", "Bearer " + DEMO_KEY).GET().build();
        var answer = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    /** Finds the entry by a search text in the entries grid and appends {@code suffix} to its title. */
    private String renameEntry(String search, String suffix) throws InterruptedException {
        driver.get(url("entries"));
        type(By.cssSelector("vaadin-text-field[placeholder='Search titles'] input"), search);
        Thread.sleep(1000); // the filter applies 400 ms after the last key; a row clicked before it is gone
        WebElement cell = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.tagName("vaadin-grid-cell-content")).stream().filter(c -> c.getText().endsWith(search)).findFirst()
                .orElse(null));
        String renamed = cell.getText() + suffix;
        click(cell);
        WebElement title = waitFor(By.cssSelector("vaadin-form-layout vaadin-text-field input"));
        title.sendKeys(suffix);
        click(button("Save"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(By.tagName("vaadin-grid-cell-content"))
                .stream().anyMatch(c -> c.getText().equals(renamed)));
        return renamed;
    }

    /** Sets the status of the entry found by a search in its dialog; returns the entry's title. */
    private String changeStatus(String search, String status) throws InterruptedException {
        driver.get(url("entries"));
        type(By.cssSelector("vaadin-text-field[placeholder='Search titles'] input"), search);
        Thread.sleep(1000); // the filter applies 400 ms after the last key
        WebElement cell = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.tagName("vaadin-grid-cell-content")).stream().filter(c -> c.getText().endsWith(search)).findFirst()
                .orElse(null));
        String title = cell.getText();
        click(cell);
        click(waitFor(By.cssSelector("vaadin-form-layout vaadin-select")));
        click(new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElements(By.tagName("vaadin-select-item"))
                .stream().filter(item -> item.getText().startsWith(status) && item.isDisplayed()).findFirst().orElse(null)));
        click(button("Save"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(By.tagName("vaadin-dialog-overlay"))
                .stream().noneMatch(WebElement::isDisplayed));
        return title;
    }

    /** The entry titles the entries page shows for a search. */
    private List<String> entryTitles(String search) {
        driver.get(url("entries"));
        type(By.cssSelector("vaadin-text-field[placeholder='Search titles'] input"), search);
        try {
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElements(
                    By.tagName("vaadin-grid-cell-content")).stream().anyMatch(c -> c.getText().equals(search)));
        } catch (org.openqa.selenium.TimeoutException notYet) {
            return List.of();
        }
        return driver.findElements(By.tagName("vaadin-grid-cell-content")).stream().map(WebElement::getText).toList();
    }

    private String illumeraTaskId(String name) throws Exception {
        return illumeraTasks().stream().filter(task -> task.get("name").asString().equals(name)).findFirst()
                .map(task -> task.get("id").asString()).orElseThrow(() -> new AssertionError("No task named " + name));
    }

    /** The sandbox's admin API (as a person in Illumera, or Illumera itself, would change things); the answer. */
    private tools.jackson.databind.JsonNode sandbox(String method, String path, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("illumera-sandbox" + path)))
                .header("Content-Type", "application/json")
                .header("X-Sandbox-Admin-Token", dev.align.support.AlignIntegration.SANDBOX_ADMIN_TOKEN)
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        var answer = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path).isBetween(200, 204);
        return new tools.jackson.databind.ObjectMapper().readTree(answer.body().isEmpty() ? "{}" : answer.body());
    }

    /** A key of the demo workspace valid for {@code valid}: its keyId and key. */
    private tools.jackson.databind.JsonNode sandboxKey(Duration valid) throws Exception {
        return sandbox("POST", "/admin/keys", "{\"workspaceIds\": [\"ws_AlignDemo\"], \"expiresInSeconds\": "
                + valid.toSeconds() + "}");
    }

    private static void scrollToTop() {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "const card = document.getElementById('illumera-card');"
                        + " if (card) { card.scrollIntoView({block: 'start'}); } else { window.scrollTo(0, 0); }");
    }

    /** The element's text, also when the page is scrolled so that it is out of view (getText() is then empty). */
    private static String text(String id) {
        return driver.findElement(By.id(id)).getDomProperty("textContent");
    }

    private static String state() {
        return driver.findElement(By.id("illumera-card")).getDomAttribute("data-state");
    }

    private static void waitForState(String state) {
        waitFor(By.id("illumera-card"));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> state.equals(state()));
    }

    private static WebElement button(String text) {
        return button(text, null);
    }

    /** Scrolled to the middle of the window first: the page is long and toasts sit at its bottom. */
    private static void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    /** A visible vaadin-button by its text, inside {@code within} when given. */
    private static WebElement button(String text, WebElement within) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> (within == null
                ? d.findElements(By.tagName("vaadin-button")) : within.findElements(By.tagName("vaadin-button")))
                .stream().filter(b -> b.getDomProperty("textContent").contains(text) && shown(b, text))
                .findFirst().orElse(null));
    }

    /**
     * Displayed with this text once scrolled into view (Selenium counts what a scrolled container hides as
     * not displayed; textContent also holds a tooltip's text).
     */
    private static boolean shown(WebElement element, String text) {
        if (element.getDomAttribute("hidden") != null) {
            return false;
        }
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", element);
        return element.isDisplayed() && element.getText().strip().equals(text);
    }

    private static void type(By input, String text) {
        WebElement field = waitFor(input);
        field.clear();
        field.sendKeys(text);
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
        screenshot(name, false);
    }

    /** {@code wholePage}: the window is made as tall as the page first, so that the settings fit. */
    private static void screenshot(String name, boolean wholePage) throws IOException {
        var size = driver.manage().window().getSize();
        if (wholePage) {
            scrollToTop();
            // Tall enough for everything, then down to where the last element ends.
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), 4000));
            Number bottom = (Number) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "return Math.max(...[...document.querySelectorAll('main *, vaadin-vertical-layout *')]"
                            + ".map(e => e.getBoundingClientRect().bottom));");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(),
                    Math.min(4000, Math.max(size.getHeight(), bottom.intValue() + 140))));
        }
        dev.align.support.Browser.seriousViolations(driver).forEach(found -> violations.add(name + ": " + found));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        driver.manage().window().setSize(size);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
