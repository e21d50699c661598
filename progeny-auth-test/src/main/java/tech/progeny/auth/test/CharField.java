package tech.progeny.auth.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * DRF's {@code CharField} validation of one request field, with its error messages.
 */
final class CharField {

	private static final String NON_FIELD_ERRORS = "non_field_errors";

	private CharField() {
	}

	/**
	 * Validates a required, non-blank, whitespace-trimmed string field.
	 * @param data the request data
	 * @param name the field name
	 * @param errors where to add the errors, by field, in field order
	 * @return the trimmed value, or {@code null} when invalid
	 */
	static @Nullable String validate(JsonNode data, String name, Map<String, List<String>> errors) {
		if (!data.isObject()) {
			if (!errors.containsKey(NON_FIELD_ERRORS)) {
				errors.put(NON_FIELD_ERRORS, List.of(data.isNull() ? "This field may not be null."
						: "Invalid data. Expected a dictionary, but got " + pythonType(data) + "."));
			}
			return null;
		}
		JsonNode value = data.get(name);
		String error;
		if (value == null) {
			error = "This field is required.";
		}
		else if (value.isNull()) {
			error = "This field may not be null.";
		}
		else if (value.isString() || value.isNumber()) {
			String text = value.asString().strip();
			if (!text.isEmpty()) {
				return text;
			}
			error = "This field may not be blank.";
		}
		else {
			error = "Not a valid string.";
		}
		errors.computeIfAbsent(name, (key) -> new ArrayList<>()).add(error);
		return null;
	}

	private static String pythonType(JsonNode data) {
		if (data.isArray()) {
			return "list";
		}
		if (data.isString()) {
			return "str";
		}
		if (data.isBoolean()) {
			return "bool";
		}
		return data.isIntegralNumber() ? "int" : "float";
	}

}
