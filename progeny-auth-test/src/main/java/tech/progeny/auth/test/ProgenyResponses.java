package tech.progeny.auth.test;

/**
 * The fixed bodies the real server answers with, byte for byte (DRF renders compact JSON).
 */
final class ProgenyResponses {

	static final String NO_ACTIVE_ACCOUNT = "{\"detail\":\"No active account found with the given credentials\"}";

	static final String NOT_AUTHENTICATED = "{\"detail\":\"Authentication credentials were not provided.\"}";

	static final String ACCESS_TOKEN_NOT_VALID = "{\"detail\":\"Given token not valid for any token type\","
			+ "\"code\":\"token_not_valid\",\"messages\":[{\"token_class\":\"AccessToken\",\"token_type\":\"access\","
			+ "\"message\":\"Token is invalid or expired\"}]}";

	static final String USER_INACTIVE = "{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}";

	static final String USER_NOT_FOUND = "{\"detail\":\"User not found\",\"code\":\"user_not_found\"}";

	static final String NO_USER_IDENTIFICATION = "{\"detail\":\"Token contained no recognizable user identification\","
			+ "\"code\":\"token_not_valid\"}";

	static final String BAD_AUTHORIZATION_HEADER = "{\"detail\":\"Authorization header must contain two "
			+ "space-delimited values\",\"code\":\"bad_authorization_header\"}";

	static final String NOT_ACCEPTABLE = "{\"detail\":\"Could not satisfy the request Accept header.\"}";

	static final String WWW_AUTHENTICATE = "Bearer realm=\"api\"";

	static final String HTML_NOT_FOUND = """
			<!doctype html>
			<html lang="en">
			<head>
			  <title>Not Found</title>
			</head>
			<body>
			  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
			</body>
			</html>
			""";

	static final String OBTAIN_OPTIONS = "{\"name\":\"Token Obtain Pair\",\"description\":\"Takes a set of user "
			+ "credentials and returns an access and refresh JSON web\\ntoken pair to prove the authentication of those "
			+ "credentials.\",\"renders\":[\"application/json\",\"text/html\"],\"parses\":[\"application/json\","
			+ "\"application/x-www-form-urlencoded\",\"multipart/form-data\"],\"actions\":{\"POST\":{\"username\":"
			+ "{\"type\":\"string\",\"required\":true,\"read_only\":false,\"label\":\"Username\"},\"password\":"
			+ "{\"type\":\"string\",\"required\":true,\"read_only\":false,\"label\":\"Password\"}}}}";

	static final String REFRESH_OPTIONS = "{\"name\":\"Token Refresh\",\"description\":\"Takes a refresh type JSON "
			+ "web token and returns an access type JSON web\\ntoken if the refresh token is valid.\",\"renders\":"
			+ "[\"application/json\",\"text/html\"],\"parses\":[\"application/json\",\"application/x-www-form-urlencoded\","
			+ "\"multipart/form-data\"],\"actions\":{\"POST\":{\"refresh\":{\"type\":\"string\",\"required\":true,"
			+ "\"read_only\":false,\"label\":\"Refresh\"},\"access\":{\"type\":\"string\",\"required\":false,"
			+ "\"read_only\":true,\"label\":\"Access\"}}}}";

	private ProgenyResponses() {
	}

	static String tokenNotValid(String message) {
		return "{\"detail\":\"" + message + "\",\"code\":\"token_not_valid\"}";
	}

}
