package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import dev.align.base.InvalidInputException;
import dev.align.base.ui.Forms;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.FirstLinkChoice;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.SettingsView;
import dev.align.illumera.TriggerEvent;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.secrets.SecretUnreadable;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.IllumeraField;
import dev.align.illumera.mapping.MappingModel.IllumeraStatus;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.Problem;
import dev.align.illumera.mapping.MappingModel.Row;
import dev.align.illumera.mapping.MappingModel.StatusTable;
import dev.align.illumera.mapping.MappingRules;
import dev.align.illumera.sync.DryRun;
import dev.align.illumera.sync.IllumeraSync;
import org.springframework.dao.OptimisticLockingFailureException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The connection's settings: direction (with the import-rule warning), the field mapping grid, the
 * status value table, conflict policy, workflow triggers and delete propagation; Preview (a dry run
 * of the settings on screen) and Save. The first save shows the preview and asks before the initial
 * sync starts; problems are shown on their row as they arise, with the same rules the service applies.
 */
class SettingsPanel extends VerticalLayout {

    /** The editors of one mapping row. */
    /** A row's policy when it has none of its own: the connection's. */
    private static final String DEFAULT_POLICY = "Default";

    static final class RowEditor {
        final ComboBox<IllumeraField> target = new ComboBox<>();
        final Select<Direction> direction = new Select<>();
        final Checkbox on = new Checkbox();
        /** Empty: the connection's policy. */
        final Select<ConflictPolicy> policy = new Select<>();
        final Span problem = new Span();
    }

    final RadioButtonGroup<Direction> direction = new RadioButtonGroup<>("Sync direction");
    final Paragraph loopWarning = new Paragraph();
    final Grid<AlignField> mapping = new Grid<>();
    final Map<AlignField, RowEditor> rows = new EnumMap<>(AlignField.class);
    final Map<EntryStatus, Select<String>> toIllumera = new EnumMap<>(EntryStatus.class);
    final Map<String, Select<EntryStatus>> toAlign = new LinkedHashMap<>();
    final FormLayout toIllumeraTable = new FormLayout();
    final FormLayout toAlignTable = new FormLayout();
    final VerticalLayout statusTable = new VerticalLayout();
    final RadioButtonGroup<ConflictPolicy> policy = new RadioButtonGroup<>("When a field changed on both sides");
    final RadioButtonGroup<FirstLinkChoice> firstLink = new RadioButtonGroup<>(
            "When records are linked for the first time and their values differ");
    final CheckboxGroup<TriggerEvent> triggers = new CheckboxGroup<>("Start Illumera workflows when");
    final Checkbox propagateDeletes = new Checkbox("Propagate deletes and archiving to the other side");
    final Paragraph problems = new Paragraph();
    final Button preview = new Button("Preview");
    final Paragraph previewText = new Paragraph();
    final Button save = new Button("Save");

    private final IllumeraAddOnService addOn;
    private final IllumeraSync sync;
    private final Runnable saved;
    /** True (and the page reloads) when the person switched organisation in another tab meanwhile. */
    private final BooleanSupplier switchedOrganisation;
    private final SettingsView loaded;
    private int version;
    /** Rows whose direction a person chose (different from the connection's); the others follow it. */
    private final Map<AlignField, Direction> ownDirections = new EnumMap<>(AlignField.class);
    private boolean following;
    private Direction savedDirection;

    SettingsPanel(IllumeraAddOnService addOn, IllumeraSync sync, SettingsView loaded, String workspaceName,
                  BooleanSupplier switchedOrganisation, Runnable saved) {
        this.switchedOrganisation = switchedOrganisation;
        this.addOn = addOn;
        this.sync = sync;
        this.saved = saved;
        this.loaded = loaded;
        this.version = loaded.version();
        this.savedDirection = loaded.settings().mapping().direction();
        setId("illumera-settings");
        setPadding(false);
        addClassName("addon-settings");

        direction.setItems(Direction.values());
        direction.setItemLabelGenerator(Direction::label);
        direction.setHelperText("Bidirectional only if your Illumera workspace has no import rule of its own that"
                + " copies Align records: rules on both sides create loops.");
        loopWarning.setId("loop-warning");
        loopWarning.addClassName("warning-text");
        loopWarning.setVisible(false);

        buildMappingGrid();
        buildStatusTable();

        policy.setItems(ConflictPolicy.values());
        policy.setItemLabelGenerator(ConflictPolicy::label);
        policy.setHelperText("For every row set to \"Default\" in the mapping grid.");
        firstLink.setId("first-link");
        firstLink.setItems(FirstLinkChoice.values());
        firstLink.setItemLabelGenerator(FirstLinkChoice::label);
        firstLink.setHelperText("Records matched by the initial sync, a later backfill or a reconnect have no common"
                + " past to decide from. A blank value always takes the other side's; this choice settles the rest.");
        triggers.setItems(TriggerEvent.values());
        triggers.setItemLabelGenerator(TriggerEvent::label);
        triggers.setHelperText("Each chosen event, made by a person in Align, starts the connected workspace's"
                + " Illumera workflows within seconds; \"Workflow triggers\" on the card lists every delivery.");
        propagateDeletes.setTooltipText("Off: a record deleted on one side is only reported in the history.");
        problems.setId("settings-problems");
        problems.addClassName("error-text");
        problems.setVisible(false);
        previewText.setId("preview");
        previewText.setVisible(false);

        // Both ask Illumera (a dry run reads both sides): no second click while they do.
        Forms.onceAtATime(preview, this::showPreview);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Forms.onceAtATime(save, this::saveClicked);

        fill(loaded.settings());
        direction.addValueChangeListener(e -> {
            if (switchedOrganisation.getAsBoolean()) {
                return;
            }
            directionChanged(e.getValue());
            checkLoop();
            changed();
        });
        rowPolicyTooltips();
        policy.addValueChangeListener(e -> {
            rowPolicyTooltips();
            changed();
        });
        firstLink.addValueChangeListener(e -> changed());

        add(new H3("Settings"), direction, loopWarning,
                new H4("Field mapping"), new Paragraph("One row per Align field. Choose the Illumera field"
                        + " (standard or a custom field of the workspace), the direction of that field, or switch the"
                        + " row off. Statuses and custom fields are those of the home workspace, " + workspaceName
                        + "."),
                mapping, statusTable, policy, firstLink, triggers, propagateDeletes, problems,
                new HorizontalLayout(preview, save), previewText);
        checkLoop();
        changed();
    }

    private void buildMappingGrid() {
        mapping.setId("mapping-grid");
        mapping.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        mapping.setAllRowsVisible(true);
        List<IllumeraField> all = Stream.concat(IllumeraField.STANDARD.stream(),
                loaded.schema().customFields().stream()).toList();
        for (AlignField field : AlignField.values()) {
            RowEditor editor = new RowEditor();
            editor.target.setItems(all);
            editor.target.setItemLabelGenerator(f -> f.name() + (f.custom() ? " (custom " : " (")
                    + f.type().label() + ")");
            editor.target.setAriaLabel("Illumera field for " + field.label());
            editor.target.setPlaceholder("Choose a field");
            editor.target.setWidthFull();
            editor.direction.setItems(Direction.values());
            editor.direction.setItemLabelGenerator(Direction::label);
            editor.direction.setAriaLabel("Direction of " + field.label());
            editor.on.setAriaLabel("Sync " + field.label());
            editor.policy.setItems(ConflictPolicy.values());
            editor.policy.setItemLabelGenerator(p -> p == null ? DEFAULT_POLICY : p.label());
            editor.policy.setEmptySelectionAllowed(true);
            editor.policy.setEmptySelectionCaption(DEFAULT_POLICY);
            editor.policy.setAriaLabel("When " + field.label() + " changed on both sides");
            editor.policy.setWidthFull();
            editor.policy.addValueChangeListener(e -> changed());
            editor.problem.addClassName("error-text");
            editor.problem.getElement().setAttribute("data-row", field.name());
            editor.target.addValueChangeListener(e -> changed());
            editor.direction.addValueChangeListener(e -> {
                rowDirectionChosen(field, e.getValue());
                changed();
            });
            editor.on.addValueChangeListener(e -> changed());
            rows.put(field, editor);
        }
        mapping.addColumn(AlignField::label).setHeader("Align field").setAutoWidth(true).setFlexGrow(0);
        mapping.addComponentColumn(field -> rows.get(field).target).setHeader("Illumera field").setFlexGrow(2);
        mapping.addComponentColumn(field -> rows.get(field).direction).setHeader("Direction").setFlexGrow(1);
        mapping.addComponentColumn(field -> rows.get(field).policy).setHeader("Changed on both sides").setFlexGrow(1);
        mapping.addComponentColumn(field -> rows.get(field).on).setHeader("Sync").setAutoWidth(true).setFlexGrow(0);
        mapping.addComponentColumn(field -> rows.get(field).problem).setHeader("").setFlexGrow(2);
        mapping.setItems(AlignField.values());
    }

    private void buildStatusTable() {
        statusTable.setPadding(false);
        statusTable.setId("status-table");
        for (FormLayout table : List.of(toIllumeraTable, toAlignTable)) {
            table.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2),
                    new FormLayout.ResponsiveStep("50em", 4));
        }
        List<IllumeraStatus> statuses = loaded.schema().statuses();
        for (EntryStatus status : EntryStatus.values()) {
            Select<String> select = new Select<>();
            select.setLabel(status.label());
            select.setItems(statuses.stream().map(IllumeraStatus::key).toList());
            select.setItemLabelGenerator(key -> statuses.stream().filter(s -> s.key().equals(key)).findFirst()
                    .map(IllumeraStatus::name).orElse(key));
            select.addValueChangeListener(e -> changed());
            toIllumera.put(status, select);
            toIllumeraTable.add(select);
        }
        for (IllumeraStatus status : statuses) {
            Select<EntryStatus> select = new Select<>();
            select.setLabel(status.name());
            select.setItems(EntryStatus.values());
            select.setItemLabelGenerator(EntryStatus::label);
            select.addValueChangeListener(e -> changed());
            toAlign.put(status.key(), select);
            toAlignTable.add(select);
        }
        var suggest = new Button("Suggest by category", e -> fillStatuses(StatusTable.suggest(statuses)));
        suggest.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        statusTable.add(new H4("Status values"), new Paragraph("Each Align status and the Illumera status it becomes,"
                        + " and back. Suggested by name, then by category (to do, in progress, done)."), suggest,
                new Span("Align status → Illumera status"), toIllumeraTable,
                new Span("Illumera status → Align status"), toAlignTable);
    }

    private void fill(AddOnSettings settings) {
        Mapping m = settings.mapping();
        direction.setValue(m.direction());
        for (Row row : m.rows()) {
            RowEditor editor = rows.get(row.alignField());
            if (editor == null) {
                continue;
            }
            editor.direction.setItems(within(m.direction()));
            editor.target.setValue(row.target());
            editor.direction.setValue(row.direction());
            if (row.direction() != m.direction()) {
                ownDirections.put(row.alignField(), row.direction());
            }
            editor.on.setValue(row.enabled());
            editor.policy.setValue(settings.fieldPolicies().get(row.alignField()));
        }
        fillStatuses(m.statuses());
        policy.setValue(settings.conflictPolicy());
        firstLink.setValue(settings.firstLink());
        triggers.setValue(settings.triggers());
        propagateDeletes.setValue(settings.propagateDeletes());
    }

    private void fillStatuses(StatusTable table) {
        toIllumera.forEach((status, select) -> select.setValue(table.toIllumera().get(status)));
        toAlign.forEach((key, select) -> select.setValue(table.toAlign().get(key)));
    }

    /**
     * Rows follow the connection's direction unless a person gave them one of their own; a narrower
     * connection narrows such a row for as long as it must, and widening it again gives the row back
     * the direction the person chose.
     */
    private void directionChanged(Direction now) {
        if (now == null) {
            return;
        }
        following = true;
        try {
            rows.forEach((field, editor) -> {
                Direction wanted = ownDirections.getOrDefault(field, now);
                editor.direction.setItems(within(now));
                editor.direction.setValue(wanted.within(now) ? wanted : now);
            });
        } finally {
            following = false;
        }
    }

    /** A person set a row's direction: the same as the connection's means "follow it" again. */
    private void rowDirectionChosen(AlignField field, Direction chosen) {
        if (following || chosen == null) {
            return;
        }
        if (chosen == direction.getValue()) {
            ownDirections.remove(field);
        } else {
            ownDirections.put(field, chosen);
        }
    }

    /** A row without a policy of its own follows the connection's: its tooltip says which that is. */
    private void rowPolicyTooltips() {
        rows.values().forEach(editor -> editor.policy.setTooltipText(policy.getValue() == null ? null
                : "Default: " + policy.getValue().label()));
    }


    private static List<Direction> within(Direction connection) {
        return Stream.of(Direction.values()).filter(d -> d.within(connection)).toList();
    }

    /** The direction in force: the saved one (or the default before the first save). */
    Direction savedDirection() {
        return savedDirection;
    }

    /** The settings on screen, as the service will receive them. */
    AddOnSettings draft() {
        List<Row> mapped = new ArrayList<>();
        rows.forEach((field, editor) -> mapped.add(new Row(field, editor.target.getValue(),
                editor.direction.getValue() == null ? Direction.BIDIRECTIONAL : editor.direction.getValue(),
                editor.on.getValue())));
        Map<EntryStatus, String> out = new EnumMap<>(EntryStatus.class);
        toIllumera.forEach((status, select) -> {
            if (select.getValue() != null) {
                out.put(status, select.getValue());
            }
        });
        Map<String, EntryStatus> in = new LinkedHashMap<>();
        toAlign.forEach((key, select) -> {
            if (select.getValue() != null) {
                in.put(key, select.getValue());
            }
        });
        Map<AlignField, ConflictPolicy> own = new EnumMap<>(AlignField.class);
        rows.forEach((field, editor) -> {
            if (editor.policy.getValue() != null) {
                own.put(field, editor.policy.getValue());
            }
        });
        return new AddOnSettings(new Mapping(direction.getValue(), mapped, new StatusTable(out, in)), policy.getValue(),
                triggers.getValue(), propagateDeletes.getValue(), own, firstLink.getValue());
    }

    /** Every change: the rows' reasons, the status table's halves, and a stale preview hidden. */
    private void changed() {
        previewText.setVisible(false);
        AddOnSettings draft = draft();
        rows.forEach((field, editor) -> {
            boolean on = editor.on.getValue();
            editor.target.setEnabled(on);
            editor.direction.setEnabled(on);
            editor.policy.setEnabled(on);
        });
        List<Problem> found = MappingRules.validate(draft.mapping(), loaded.schema());
        rows.forEach((field, editor) -> {
            String reason = found.stream().filter(p -> p.row() == field).map(Problem::reason).findFirst().orElse("");
            show(editor, reason);
        });
        List<String> general = new ArrayList<>(found.stream().filter(p -> p.row() == null)
                .map(Problem::reason).toList());
        if (draft.conflictPolicy() == null) {
            general.add("Choose what happens when a field changed on both sides.");
        }
        problems.setText(String.join(" ", general));
        problems.setVisible(!general.isEmpty());
        Row status = draft.mapping().row(AlignField.ENTRY_STATUS);
        boolean statusOn = status.enabled() && status.target() != null;
        statusTable.setVisible(statusOn);
        toIllumeraTable.setVisible(statusOn && status.direction().toIllumera());
        toAlignTable.setVisible(statusOn && status.direction().toAlign());
    }

    private static void show(RowEditor editor, String reason) {
        editor.problem.setText(reason);
        editor.target.setInvalid(!reason.isEmpty() && editor.on.getValue());
        editor.target.setErrorMessage(reason.isEmpty() ? null : reason);
    }

    private void checkLoop() {
        loopWarning.setVisible(false);
        if (direction.getValue() != Direction.BIDIRECTIONAL) {
            return;
        }
        try {
            addOn.loopWarning(Direction.BIDIRECTIONAL, false).ifPresent(warning -> {
                loopWarning.setText(warning);
                loopWarning.setVisible(true);
            });
        } catch (IllumeraException | InvalidInputException | SecretUnreadable e) {
            loopWarning.setText("Could not ask Illumera about the workspace's import rules (" + (e instanceof
                    SecretUnreadable ? AddOnsView.UNREADABLE_KEY : e.getMessage()) + "); saving asks again.");
            loopWarning.setVisible(true);
        }
    }

    private void showPreview() {
        preview(dryRun -> {
            previewText.setText("The initial sync " + dryRun.summary() + "." + samples(dryRun));
            previewText.setVisible(true);
        });
    }

    private void preview(java.util.function.Consumer<DryRun> then) {
        runGuarded(() -> then.accept(sync.dryRun(draft())));
    }

    private static String samples(DryRun dryRun) {
        StringBuilder text = new StringBuilder();
        if (dryRun.projectsToLink() + dryRun.workspacesToCreate() + dryRun.projectsToCreate() > 0) {
            text.append(" Projects: ").append(dryRun.projectsToLink()).append(" linked to workspaces, ")
                    .append(count(dryRun.workspacesToCreate(), "new workspace")).append(" in Illumera, ")
                    .append(count(dryRun.projectsToCreate(), "new project")).append(" in Align.");
        }
        if (dryRun.differing() > 0) {
            text.append(" Matched records differ in ").append(count(dryRun.differing(), "field"))
                    .append(" (settled by your choice for records linked for the first time), e.g.: ")
                    .append(String.join("; ", dryRun.sampleDifferences())).append('.');
        }
        if (dryRun.copied() > 0) {
            text.append(" ").append(count(dryRun.copied(), "value")).append(" of matched records will be copied"
                    + " to a blank side or along a one-way row.");
        }
        if (!dryRun.sampleConflicts().isEmpty()) {
            text.append(" Conflicts, e.g.: ").append(String.join("; ", dryRun.sampleConflicts())).append('.');
        }
        return text.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * Save: the first time, the preview and (when two-way sync meets an import rule) the loop warning
     * come first, in one question; later saves ask only about the loop.
     */
    private void saveClicked() {
        runGuarded(() -> {
            AddOnSettings draft = draft();
            // The first save's preview validates as saving does; later saves are checked before any question.
            DryRun first = version == 0 ? sync.dryRun(draft) : null;
            if (first == null) {
                addOn.check(draft);
            }
            Optional<String> loop = addOn.loopWarning(draft.mapping().direction(), true); // about to save: as it is now
            if (first == null && loop.isEmpty()) {
                store(draft, false);
                return;
            }
            List<com.vaadin.flow.component.Component> body = new ArrayList<>();
            if (first != null) {
                var summary = new Paragraph("The initial sync starts as soon as you save. It " + first.summary() + "."
                        + samples(first));
                summary.setId("save-preview");
                body.add(summary);
            }
            loop.ifPresent(warning -> {
                var text = new Paragraph(warning);
                text.addClassName("warning-text");
                body.add(text);
            });
            new Confirm("save-confirm", first != null ? "Save and start the initial sync?" : "Sync both ways anyway?",
                    loop.isPresent() ? "Save and sync both ways" : "Save and start", loop.isPresent(),
                    () -> runGuarded(() -> store(draft, loop.isPresent())),
                    body.toArray(com.vaadin.flow.component.Component[]::new)).open();
        });
    }

    private void store(AddOnSettings draft, boolean loopConfirmed) {
        SettingsView stored = addOn.saveSettings(draft, version, loopConfirmed);
        previewText.setVisible(false); // it described the sync that starts now; the card follows it from here
        version = stored.version();
        savedDirection = stored.settings().mapping().direction();
        // What was saved is the rows' own choice from now on, as after a reload.
        ownDirections.clear();
        stored.settings().mapping().rows().stream().filter(row -> row.direction() != savedDirection)
                .forEach(row -> ownDirections.put(row.alignField(), row.direction()));
        Forms.saved(loaded.version() == 0 && version == 1 ? "Saved: the initial sync has started." : "Settings saved.");
        saved.run();
    }

    /** The service's refusals on their rows; Illumera's trouble and a concurrent save explained. */
    private void runGuarded(Runnable action) {
        if (switchedOrganisation.getAsBoolean()) {
            return;
        }
        try {
            action.run();
        } catch (InvalidInputException e) {
            List<String> general = new ArrayList<>();
            e.fieldErrors().forEach((field, message) -> {
                Optional<AlignField> row = Stream.of(AlignField.values())
                        .filter(f -> field.equals("mapping." + f.name())).findFirst();
                row.ifPresentOrElse(f -> show(rows.get(f), message), () -> general.add(message));
            });
            problems.setText(String.join(" ", general));
            problems.setVisible(!general.isEmpty());
        } catch (OptimisticLockingFailureException e) {
            Forms.error("Someone else saved the Illumera settings meanwhile. Reload the page to see theirs;"
                    + " yours were not saved.");
        } catch (IllumeraException e) {
            Forms.error("Illumera could not be asked (" + e.getMessage() + "). Nothing was saved; try again in a"
                    + " few minutes.");
        } catch (SecretUnreadable e) {
            Forms.error("The stored API key cannot be read any more. Nothing was saved; enter a new key.");
        }
    }
}
