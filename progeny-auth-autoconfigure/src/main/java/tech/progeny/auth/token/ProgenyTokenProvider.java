package tech.progeny.auth.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenExchangeException;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

/**
 * Keeps one Progeny access token fresh for every caller of a process, or of a fleet that
 * shares a {@link ProgenyTokenStore}.
 * <p>
 * A token is <em>fresh</em> until its refresh-ahead window, <em>stale</em> inside it, and
 * <em>unusable</em> inside its must-refresh margin ({@code TokenTimeline}); its expiry is
 * read on the server's clock ({@code TokenExpiry}). Timers, not callers, move it from
 * phase to phase ({@code PhaseTimer}), so that {@link #authorizationHeader()} on a fresh
 * token reads one volatile field and nothing else: no clock, no lock, no allocation. The
 * first caller to see a stale token starts one renewal in the background and every
 * caller goes on with the stale token; callers that find no usable token wait for the one
 * renewal in flight ({@code SingleFlight}), at most as long as one exchange can take.
 * <p>
 * A renewal ({@code TokenRenewal}) first adopts a newer token from the store, then takes
 * the store's lease and refreshes, following rotation, or logs in with the credentials
 * from the {@link ProgenyCredentialsSupplier}, which is asked at each login
 * ({@code TokenExchange}). Transient failures are retried with backoff while a usable
 * token remains ({@code RetrySchedule}); without one, callers get the failure at once.
 * Rejected credentials hold further logins off, from 1 s doubling to 5 minutes, until
 * they change or a login succeeds ({@code LoginHoldOff}); a shared store counts the
 * refusals for the fleet, which then follows one schedule ({@link ProgenyLoginHoldOff}).
 * A store that fails turns the provider into a per-process one until it answers again
 * ({@code GuardedStore}).
 * Durations are measured on a monotonic {@link Ticker}; the wall {@link Clock} is read
 * only where a token's expiry is placed and compared.
 * <p>
 * No request is made before the first call. {@link #close()} stops the provider's
 * threads.
 *
 * <pre class="code">
 * ProgenyTokenProvider provider = new ProgenyTokenProvider(tokenClient,
 *         () -&gt; new ProgenyCredentials(username, password), new InMemoryProgenyTokenStore(),
 *         ProgenyTokenSettings.defaults());
 * request.getHeaders().set(HttpHeaders.AUTHORIZATION, provider.authorizationHeader());
 * </pre>
 *
 * <h2>Failures</h2> {@link #authorizationHeader()} throws a {@link ProgenyAuthException}
 * when no usable token can be had: {@link ProgenyCredentialsRejectedException} or
 * {@link ProgenyRequestRejectedException} for a refused login,
 * {@link ProgenyServerUnavailableException} or {@link ProgenyMalformedResponseException}
 * when Progeny cannot be reached or answers something unusable, and
 * {@link ProgenyTokenExchangeException} when the credentials supplier or the store threw.
 */
public final class ProgenyTokenProvider implements ProgenyTokenSource, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ProgenyTokenProvider.class);

	private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(ProgenyTokenProvider.class, "state", State.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ProgenyTokenClient client;

	private final ProgenyTokenSettings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final LifecycleTime time = new LifecycleTime();

	private final LifecycleActivity activity = new LifecycleActivity();

	private final RetrySchedule retrySchedule = new RetrySchedule(
			BackOffSequence.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)));

	private final LoginHoldOff loginHoldOff = new LoginHoldOff(
			BackOffSequence.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)));

	private final PhaseTimer phaseTimer = new PhaseTimer(this.time);

	private final SingleFlight<State> flight = new SingleFlight<>();

	private final GuardedStore store;

	private final TokenRenewal renewal;

	// read once per call on the hot path; moved on by compare-and-set, or with the lock
	// held where a closed provider must not install

	private volatile State state = State.NONE;

	private volatile @Nullable ProgenyAuthException lastFailure;

	private volatile DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

	// set by invalidate() without the lock and cleared by install() with it; read when a
	// flight starts

	private volatile @Nullable ProgenyToken rejected;

	// written with the lock held, read without it

	private volatile boolean closed;

	/**
	 * Create a new provider.
	 * @param client the client for the token endpoints
	 * @param credentialsSupplier the source of the credentials, asked at each login
	 * @param store where the token is kept
	 * @param settings the lifecycle timings
	 */
	public ProgenyTokenProvider(ProgenyTokenClient client, ProgenyCredentialsSupplier credentialsSupplier,
			ProgenyTokenStore store, ProgenyTokenSettings settings) {
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(credentialsSupplier, "credentialsSupplier cannot be null");
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.client = client;
		this.settings = settings;
		this.store = new GuardedStore(store);
		TokenExchange exchange = new TokenExchange(client, credentialsSupplier, settings, this.loginHoldOff,
				this.store, this.time, this.activity);
		this.renewal = new TokenRenewal(this.store, exchange, settings, this.time, this::forgetRefreshToken);
	}

	/**
	 * Return the client that this provider obtains tokens with. Its base URL and origin
	 * are where the tokens belong: the only place they may be sent.
	 * @return the token client
	 */
	public ProgenyTokenClient client() {
		return this.client;
	}

	/**
	 * Set the wall clock that token expiry instants are placed and compared on. Defaults
	 * to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.time.setClock(clock);
	}

	/**
	 * Set the monotonic ticker that measures backoffs, hold-offs, waits and leases.
	 * Defaults to {@link Ticker#system()}.
	 * @param ticker the ticker
	 */
	public void setTicker(Ticker ticker) {
		this.time.setTicker(ticker);
	}

	/**
	 * Set the scheduler that moves tokens from phase to phase. By default the provider
	 * creates one of its own on first use and shuts it down on {@link #close()}; a
	 * scheduler set here is left running.
	 * @param taskScheduler the scheduler, whose clock should agree with
	 * {@link #setClock(Clock)} and whose delays should pass as {@link #setTicker(Ticker)}
	 * does
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		this.phaseTimer.setTaskScheduler(taskScheduler);
	}

	/**
	 * Set the random source of the refresh-ahead jitter: values from 0 (none) to 1 (the
	 * settings' largest). Defaults to a uniform random value.
	 * @param jitter the source
	 */
	public void setJitter(DoubleSupplier jitter) {
		Assert.notNull(jitter, "jitter cannot be null");
		this.jitter = jitter;
	}

	/**
	 * Set the schedule of retries after transient failures. Defaults to 100 ms doubling
	 * to 10 s, with jitter; a longer {@code Retry-After} wins, up to 5 minutes.
	 * @param refreshBackOff the schedule
	 */
	public void setRefreshBackOff(BackOff refreshBackOff) {
		Assert.notNull(refreshBackOff, "refreshBackOff cannot be null");
		this.retrySchedule.setBackOff(refreshBackOff);
	}

	/**
	 * Set the schedule of login hold-offs after rejected credentials. Defaults to 1 s
	 * doubling to 5 minutes, with jitter. The instances of a fleet should share it: each
	 * takes the step after the fleet's count of refusals from its own schedule.
	 * @param loginBackOff the schedule
	 */
	public void setLoginBackOff(BackOff loginBackOff) {
		Assert.notNull(loginBackOff, "loginBackOff cannot be null");
		this.loginHoldOff.setBackOff(loginBackOff);
	}

	@Override
	public String authorizationHeader() {
		State current = this.state;
		return (current.phase == Phase.FRESH) ? current.header() : usableState(current).header();
	}

	@Override
	public @Nullable String freshAuthorizationHeader() {
		State current = this.state;
		return (current.phase == Phase.FRESH) ? current.header : null;
	}

	@Override
	public CompletableFuture<String> authorizationHeaderAsync() {
		// a dependent stage: cancelling it leaves the shared flight alone
		return usableStateAsync().thenApply(State::header);
	}

	@Override
	public ProgenyToken token() {
		State current = this.state;
		return ((current.phase == Phase.FRESH) ? current : usableState(current)).token();
	}

	@Override
	public CompletableFuture<ProgenyToken> tokenAsync() {
		// a dependent stage: cancelling it leaves the shared flight alone
		return usableStateAsync().thenApply(State::token);
	}

	@Override
	public boolean invalidate(String authorizationHeader) {
		while (true) {
			State current = this.state;
			if (!current.phase.isUsable() || !authorizationHeader.equals(current.header)) {
				return false;
			}
			this.rejected = current.token();
			if (STATE.compareAndSet(this, current, current.withPhase(Phase.UNUSABLE))) {
				this.activity.invalidated();
				if (logger.isDebugEnabled()) {
					logger.debug("Progeny rejected " + current.token + "; it will be replaced");
				}
				return true;
			}
		}
	}

	@Override
	public ProgenyTokenStatus status() {
		State current = this.state;
		ProgenyToken token = current.token;
		return new ProgenyTokenStatus(current.phase, (token != null) ? token.expiresAt() : null,
				(token != null) ? token.id() : null, this.lastFailure, this.activity.snapshot(), this.store.status());
	}

	/**
	 * Return how long the current access token remains usable before it expires.
	 * @return the remaining lifetime, zero without a usable token
	 */
	public Duration remainingLifetime() {
		State current = this.state;
		if (!current.phase.isUsable()) {
			return Duration.ZERO;
		}
		Duration remaining = Duration.between(this.time.now(), current.token().expiresAt());
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	/**
	 * Return a usable state, the given stale one while it is renewed in the background,
	 * or the result of the renewal in flight.
	 */
	private State usableState(State current) {
		if (current.phase == Phase.STALE) {
			renewInBackground(current);
			return current;
		}
		return await(usableStateOrFlight());
	}

	/**
	 * Return a usable state, the given stale one while it is renewed in the background,
	 * or the renewal in flight, without blocking or taking a lock: the path of callers
	 * on an event loop.
	 */
	private CompletableFuture<State> usableStateAsync() {
		State current = this.state;
		if (current.phase == Phase.FRESH) {
			return CompletableFuture.completedFuture(current);
		}
		if (current.phase == Phase.STALE) {
			renewInBackground(current);
			return CompletableFuture.completedFuture(current);
		}
		try {
			return usableStateOrFlight();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Start a renewal of the given stale state unless one is in flight or waits for its
	 * retry. Takes the lock only with {@code tryLock()}: a caller that finds it held goes
	 * on with the stale token, without waiting.
	 */
	private void renewInBackground(State stale) {
		if (this.flight.current() != null || !this.lock.tryLock()) {
			return;
		}
		try {
			if (this.flight.current() == null && this.state == stale && !this.closed
					&& !this.retrySchedule.isWaiting(this.time.tick())) {
				if (logger.isDebugEnabled()) {
					logger.debug("Renewing " + stale.token + " ahead of its expiry");
				}
				startFlight(stale);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return a usable state, the flight in progress, or a new flight. Takes no lock, so
	 * that a caller on an event loop never parks: a flight that starts just after another
	 * installed a token finds it and ends at once.
	 */
	private CompletableFuture<State> usableStateOrFlight() {
		Assert.state(!this.closed, "ProgenyTokenProvider has been closed");
		State current = this.state;
		if (current.phase.isUsable()) {
			return CompletableFuture.completedFuture(current);
		}
		CompletableFuture<State> inFlight = this.flight.current();
		if (inFlight != null) {
			return inFlight;
		}
		ProgenyAuthException failure = this.lastFailure;
		if (failure != null && this.retrySchedule.isWaiting(this.time.tick())) {
			throw failure;
		}
		return startFlight(current);
	}

	/**
	 * Start a renewal of the token of the given state, or join the one in flight.
	 */
	private CompletableFuture<State> startFlight(State trigger) {
		ProgenyToken rejectedToken = this.rejected;
		Duration leaseTtl = maxWait().plus(LEASE_MARGIN);
		return this.flight.join((inFlight) -> renew(inFlight, trigger, rejectedToken, leaseTtl));
	}

	/**
	 * The body of a flight, on the provider's exchange thread.
	 */
	private void renew(CompletableFuture<State> inFlight, State trigger, @Nullable ProgenyToken rejectedToken,
			Duration leaseTtl) {
		State installed;
		try {
			State current = this.state;
			if (current != trigger && current.phase.isUsable() && current.token != trigger.token) {
				this.flight.land(inFlight);
				inFlight.complete(current);
				return;
			}
			installed = install(this.renewal.renew(trigger.token, rejectedToken, leaseTtl), inFlight);
		}
		catch (Throwable ex) {
			inFlight.completeExceptionally(fail(ex, inFlight));
			return;
		}
		inFlight.complete(installed);
	}

	/**
	 * Make the given token the current one, and land the flight that brought it.
	 */
	private State install(ProgenyToken token, CompletableFuture<State> inFlight) {
		this.lock.lock();
		try {
			Assert.state(!this.closed, "ProgenyTokenProvider has been closed");
			TokenTimeline timeline = TokenTimeline.of(token, this.settings, this.jitter.getAsDouble());
			Phase phase = timeline.phaseAt(this.time.now());
			if (phase == Phase.UNUSABLE) {
				throw new ProgenyMalformedResponseException(token + " expires before it can be used", null);
			}
			State installed = new State(token, phase, timeline);
			this.state = installed;
			this.phaseTimer.start(timeline, this::advance);
			this.lastFailure = null;
			this.rejected = null;
			this.retrySchedule.reset();
			this.flight.land(inFlight);
			if (logger.isDebugEnabled()) {
				logger.debug("Using " + token + ", stale from " + timeline.staleAt() + ", unusable from "
						+ timeline.unusableAt());
			}
			return installed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Record a failed flight, land it, and return the failure its waiters get. After
	 * {@link #close()}, nothing is recorded or logged above debug level.
	 */
	private ProgenyAuthException fail(Throwable ex, CompletableFuture<State> inFlight) {
		ProgenyAuthException failure = (ex instanceof ProgenyAuthException progeny) ? progeny
				: new ProgenyTokenExchangeException(ex);
		@Nullable Duration delay = null;
		this.lock.lock();
		try {
			if (this.closed) {
				this.flight.land(inFlight);
				logger.debug("Token exchange ended after the provider was closed", ex);
				return failure;
			}
			this.activity.failed();
			this.lastFailure = failure;
			if (failure.isTransient()) {
				delay = this.retrySchedule.failed(failure, this.time.tick());
			}
			// landed once the failure and its backoff are there for the next caller to see
			this.flight.land(inFlight);
		}
		finally {
			this.lock.unlock();
		}
		// logged outside the lock, which callers on the stale path only try
		if (delay != null) {
			if (failure instanceof ProgenyTokenExchangeException) {
				logger.warn(failure.getMessage() + "; retrying in " + delay, ex);
			}
			else {
				logger.warn(failure.getMessage() + "; retrying in " + delay);
			}
		}
		return failure;
	}

	/**
	 * Move the current token on to the given phase, if it is still the token of the given
	 * timeline. Called by the phase timer.
	 */
	private void advance(TokenTimeline timeline, Phase phase) {
		while (true) {
			State current = this.state;
			if (current.timeline != timeline || current.phase.compareTo(phase) >= 0) {
				return;
			}
			if (STATE.compareAndSet(this, current, current.withPhase(phase))) {
				if (logger.isDebugEnabled()) {
					logger.debug(current.token + " is now " + phase);
				}
				return;
			}
		}
	}

	/**
	 * Stop sending a refresh token that Progeny refused, while its access token may still
	 * be sent. Called by the renewal.
	 */
	private void forgetRefreshToken(ProgenyToken refused) {
		String refreshToken = refused.refreshToken();
		while (true) {
			State current = this.state;
			if (current.token == null || refreshToken == null || !refreshToken.equals(current.token.refreshToken())) {
				return;
			}
			if (STATE.compareAndSet(this, current, current.withToken(current.token.withoutRefreshToken()))) {
				return;
			}
		}
	}

	private State await(CompletableFuture<State> inFlight) {
		Duration maxWait = maxWait();
		try {
			return inFlight.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new ProgenyTokenExchangeException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new ProgenyServerUnavailableException("No Progeny token after waiting " + maxWait, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProgenyServerUnavailableException("Interrupted while waiting for a Progeny token", ex);
		}
	}

	/**
	 * Return the longest one exchange can take, on the token client's own timeouts when
	 * it declares them, else on the settings'.
	 */
	private Duration maxWait() {
		Duration connectTimeout = this.client.getConnectTimeout();
		Duration readTimeout = this.client.getReadTimeout();
		if (connectTimeout == null || readTimeout == null) {
			return this.settings.maxWait();
		}
		return this.settings.withTimeouts(connectTimeout, readTimeout).maxWait();
	}

	/**
	 * Stop the provider's threads. Callers get an {@link IllegalStateException} afterwards,
	 * and a token that arrives later is not installed.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.state = State.NONE;
			this.phaseTimer.close();
		}
		finally {
			this.lock.unlock();
		}
		this.flight.close();
	}

	@Override
	public String toString() {
		return "ProgenyTokenProvider[" + this.client + ", " + this.state.phase + "]";
	}

	/**
	 * What every caller reads: the token, its header value, computed once, its phase, and
	 * the timeline that the phase timer follows.
	 */
	private static final class State {

		static final State NONE = new State(null, null, Phase.NONE, null);

		private final @Nullable ProgenyToken token;

		private final @Nullable String header;

		private final Phase phase;

		private final @Nullable TokenTimeline timeline;

		State(ProgenyToken token, Phase phase, TokenTimeline timeline) {
			this(token, "Bearer " + token.accessToken(), phase, timeline);
		}

		private State(@Nullable ProgenyToken token, @Nullable String header, Phase phase,
				@Nullable TokenTimeline timeline) {
			this.token = token;
			this.header = header;
			this.phase = phase;
			this.timeline = timeline;
		}

		ProgenyToken token() {
			Assert.state(this.token != null, "No token");
			return this.token;
		}

		String header() {
			Assert.state(this.header != null, "No token");
			return this.header;
		}

		State withPhase(Phase phase) {
			return new State(this.token, this.header, phase, this.timeline);
		}

		State withToken(ProgenyToken token) {
			return new State(token, this.header, this.phase, this.timeline);
		}

		@Override
		public String toString() {
			return "State[" + this.token + ", " + this.phase + "]";
		}

	}

}
