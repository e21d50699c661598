package tech.progeny.auth.support;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that plays Progeny: it issues JWTs on the two token
 * endpoints, accepts the latest access token on any other path, and counts what it sees.
 * Each endpoint's answer can be replaced per test.
 */
public final class ProgenyDispatcher extends Dispatcher {

	public static final String OBTAIN_PATH = "/api/v3/accounts/token/obtain/";

	public static final String REFRESH_PATH = "/api/v3/accounts/token/refresh/";

	public static final String TOKEN_NOT_VALID = "{\"detail\":\"Given token not valid for any token type\","
			+ "\"code\":\"token_not_valid\",\"messages\":[{\"token_class\":\"AccessToken\","
			+ "\"token_type\":\"access\",\"message\":\"Token is invalid or expired\"}]}";

	public final AtomicInteger obtains = new AtomicInteger();

	public final AtomicInteger refreshes = new AtomicInteger();

	public final AtomicInteger apiCalls = new AtomicInteger();

	public final AtomicInteger maxTokenRequestsInFlight = new AtomicInteger();

	private final AtomicInteger tokenRequestsInFlight = new AtomicInteger();

	public final List<String> issuedAccessTokens = new CopyOnWriteArrayList<>();

	public final List<String> issuedRefreshTokens = new CopyOnWriteArrayList<>();

	public final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();

	private final Clock clock;

	private volatile Duration accessLifetime = Duration.ofMinutes(5);

	private volatile Duration refreshLifetime = Duration.ofDays(14);

	private volatile boolean rotate = true;

	private volatile Function<RecordedRequest, MockResponse> obtain = (request) -> issue(true);

	private volatile Function<RecordedRequest, MockResponse> refresh = (request) -> issue(this.rotate);

	private volatile Function<RecordedRequest, MockResponse> api = this::api;

	public ProgenyDispatcher(Clock clock) {
		this.clock = clock;
	}

	public ProgenyDispatcher accessLifetime(Duration accessLifetime) {
		this.accessLifetime = accessLifetime;
		return this;
	}

	public ProgenyDispatcher refreshLifetime(Duration refreshLifetime) {
		this.refreshLifetime = refreshLifetime;
		return this;
	}

	public ProgenyDispatcher rotate(boolean rotate) {
		this.rotate = rotate;
		return this;
	}

	public ProgenyDispatcher onObtain(Function<RecordedRequest, MockResponse> obtain) {
		this.obtain = obtain;
		return this;
	}

	public ProgenyDispatcher onRefresh(Function<RecordedRequest, MockResponse> refresh) {
		this.refresh = refresh;
		return this;
	}

	public ProgenyDispatcher onApi(Function<RecordedRequest, MockResponse> api) {
		this.api = api;
		return this;
	}

	public String latestAccessToken() {
		return this.issuedAccessTokens.get(this.issuedAccessTokens.size() - 1);
	}

	public String latestRefreshToken() {
		return this.issuedRefreshTokens.get(this.issuedRefreshTokens.size() - 1);
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		if (OBTAIN_PATH.equals(path)) {
			this.obtains.incrementAndGet();
			return tokenRequest(request, this.obtain);
		}
		if (REFRESH_PATH.equals(path)) {
			this.refreshes.incrementAndGet();
			return tokenRequest(request, this.refresh);
		}
		this.apiCalls.incrementAndGet();
		return this.api.apply(request);
	}

	private MockResponse tokenRequest(RecordedRequest request, Function<RecordedRequest, MockResponse> handler) {
		this.tokenRequests.add(request);
		this.maxTokenRequestsInFlight.accumulateAndGet(this.tokenRequestsInFlight.incrementAndGet(), Math::max);
		try {
			return handler.apply(request);
		}
		finally {
			this.tokenRequestsInFlight.decrementAndGet();
		}
	}

	public MockResponse issue(boolean withRefresh) {
		String access = TestJwts.access(this.clock.instant(), this.accessLifetime);
		this.issuedAccessTokens.add(access);
		if (!withRefresh) {
			return json(200, TestJwts.accessOnly(access));
		}
		String refresh = TestJwts.refresh(this.clock.instant(), this.refreshLifetime);
		this.issuedRefreshTokens.add(refresh);
		return json(200, TestJwts.pair(access, refresh));
	}

	private MockResponse api(RecordedRequest request) {
		String authorization = request.getHeaders().get("Authorization");
		if (authorization == null) {
			return unauthorized("{\"detail\":\"Authentication credentials were not provided.\"}");
		}
		if (this.issuedAccessTokens.isEmpty() || !authorization.equals("Bearer " + latestAccessToken())) {
			return unauthorized(TOKEN_NOT_VALID);
		}
		return json(200, "{\"ok\":true}");
	}

	public static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
	}

	public static MockResponse unauthorized(String body) {
		return new MockResponse.Builder().code(401)
			.setHeader("Content-Type", "application/json")
			.setHeader("WWW-Authenticate", "Bearer realm=\"api\"")
			.body(body)
			.build();
	}

}
