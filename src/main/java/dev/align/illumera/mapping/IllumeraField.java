package dev.align.illumera.mapping;

import java.util.List;

/**
 * A field of an Illumera task a row can target: a standard one, or a custom field of the home
 * workspace. {@code key} is the custom field's key, or the standard field's name in the contract.
 */
public record IllumeraField(String key, String name, ValueType type, boolean custom) {

    public static final IllumeraField TASK_NAME = new IllumeraField("name", "Task name", ValueType.TEXT, false);
    public static final IllumeraField TASK_STATUS = new IllumeraField("status", "Task status", ValueType.STATUS, false);
    public static final IllumeraField ASSIGNEE = new IllumeraField("assigneeId", "Assignee", ValueType.USER, false);
    public static final IllumeraField WORKSPACE = new IllumeraField("workspaceId", "Workspace", ValueType.WORKSPACE, false);
    public static final IllumeraField SPRINT = new IllumeraField("sprintId", "Sprint", ValueType.SPRINT, false);
    public static final IllumeraField DUE_DATE = new IllumeraField("dueDate", "Due date", ValueType.DATE, false);

    public static final List<IllumeraField> STANDARD = List.of(TASK_NAME, TASK_STATUS, ASSIGNEE, WORKSPACE, SPRINT,
            DUE_DATE);

    public static IllumeraField custom(String key, String name, String type) {
        return new IllumeraField(key, name, ValueType.ofCustomFieldType(type), true);
    }
}
