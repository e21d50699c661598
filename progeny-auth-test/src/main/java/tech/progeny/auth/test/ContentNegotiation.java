package tech.progeny.auth.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * DRF's default content negotiation between its JSON and browsable HTML renderers: {@code Accept} media types are
 * grouped by specificity (not by {@code q}), and within a group the JSON renderer wins.
 */
final class ContentNegotiation {

	private ContentNegotiation() {
	}

	/**
	 * Selects a renderer.
	 * @param accept the {@code Accept} header, {@code null} when absent
	 * @param format the {@code format} query parameter, {@code null} when absent
	 * @return the renderer, or {@code null} when none is acceptable (406)
	 */
	static @Nullable Renderer select(@Nullable String accept, @Nullable String format) {
		if ("json".equals(format)) {
			return Renderer.JSON;
		}
		if ("api".equals(format)) {
			return Renderer.HTML;
		}
		List<List<String[]>> byPrecedence = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>(), new ArrayList<>()));
		for (String token : ((accept != null) ? accept : "*/*").split(",", -1)) {
			String[] mediaType = parse(token);
			byPrecedence.get(3 - precedence(token, mediaType)).add(mediaType);
		}
		for (List<String[]> group : byPrecedence) {
			for (Renderer renderer : Renderer.values()) {
				for (String[] mediaType : group) {
					if (matches(renderer, mediaType)) {
						return renderer;
					}
				}
			}
		}
		return null;
	}

	private static String[] parse(String token) {
		String full = token.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		int slash = full.indexOf('/');
		return (slash < 0) ? new String[] { full, "" }
				: new String[] { full.substring(0, slash).strip(), full.substring(slash + 1).strip() };
	}

	private static int precedence(String token, String[] mediaType) {
		if (mediaType[0].equals("*")) {
			return 0;
		}
		if (mediaType[1].equals("*")) {
			return 1;
		}
		String[] parameters = token.split(";");
		for (int i = 1; i < parameters.length; i++) {
			String name = parameters[i].split("=", 2)[0].strip().toLowerCase(Locale.ROOT);
			if (!name.equals("q")) {
				return 3;
			}
		}
		return 2;
	}

	private static boolean matches(Renderer renderer, String[] accepted) {
		boolean mainMatches = accepted[0].equals("*") || accepted[0].equals(renderer.mainType);
		boolean subMatches = accepted[1].equals("*") || accepted[1].equals(renderer.subType);
		return mainMatches && subMatches;
	}

	/** The renderers of a DRF view, in DRF's default order. */
	enum Renderer {

		JSON("application", "json"), HTML("text", "html");

		private final String mainType;

		private final String subType;

		Renderer(String mainType, String subType) {
			this.mainType = mainType;
			this.subType = subType;
		}

	}

}
