package tech.progeny.auth.test;

import java.util.Map;

/**
 * The status line of the fake server's responses, with the reason phrases it has always written (those of the
 * JDK's HTTP server it first stood on); a status without a phrase here is written with an empty one, as
 * {@code HTTP/1.1 429 }.
 */
final class StatusLine {

	private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
			Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(203, "Non-Authoritative Information"),
			Map.entry(204, "No Content"), Map.entry(205, "Reset Content"), Map.entry(206, "Partial Content"),
			Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"),
			Map.entry(302, "Temporary Redirect"), Map.entry(303, "See Other"), Map.entry(304, "Not Modified"),
			Map.entry(305, "Use Proxy"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
			Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
			Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
			Map.entry(407, "Proxy Authentication Required"), Map.entry(408, "Request Time-Out"),
			Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(411, "Length Required"),
			Map.entry(412, "Precondition Failed"), Map.entry(413, "Request Entity Too Large"),
			Map.entry(414, "Request-URI Too Large"), Map.entry(415, "Unsupported Media Type"),
			Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
			Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
			Map.entry(505, "HTTP Version Not Supported"));

	private StatusLine() {
	}

	/**
	 * The status line of a response.
	 * @param status the status, 100 to 599
	 * @return the line, without its CRLF, e.g. {@code HTTP/1.1 401 Unauthorized}
	 */
	static String of(int status) {
		return "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "");
	}

	/**
	 * Whether a response with this status carries no body and no {@code Content-Length} (1xx, 204, 304).
	 * @param status the status
	 * @return whether it is bodiless
	 */
	static boolean isBodiless(int status) {
		return status < 200 || status == 204 || status == 304;
	}

}
