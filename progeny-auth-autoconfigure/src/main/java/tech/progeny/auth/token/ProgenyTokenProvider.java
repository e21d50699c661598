package tech.progeny.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenRejectedException;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

/**
 * Keeps one Progeny access token fresh for every caller of a process.
 * <p>
 * A token is <em>fresh</em> until its refresh-ahead window, <em>stale</em> inside it, and
 * <em>unusable</em> inside its must-refresh margin. Timers, not callers, move it from
 * phase to phase, so that {@link #authorizationHeader()} on a fresh token reads one
 * volatile field and nothing else: no clock, no lock, no allocation. The first caller to
 * see a stale token starts one refresh in the background and every caller goes on with
 * the stale token; callers that find no usable token wait for the one exchange in flight.
 * At most one obtain or refresh request is in flight at any time.
 * <p>
 * Refreshes rotate the refresh token when the server sends a new one. A rejected refresh
 * token leads to one login with the credentials from the {@link ProgenyCredentialsSupplier},
 * which is asked at each login. Transient failures are retried with exponential backoff
 * while a usable token remains; without one, callers get the failure at once. Rejected
 * credentials hold further logins off, from 1 s doubling to 5 minutes, until they change
 * or a login succeeds.
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
 * when Progeny cannot be reached or answers something unusable.
 */
public final class ProgenyTokenProvider implements ProgenyTokenSource, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ProgenyTokenProvider.class);

	private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	private final ProgenyTokenClient client;

	private final ProgenyCredentialsSupplier credentialsSupplier;

	private final ProgenyTokenStore store;

	private final ProgenyTokenSettings settings;

	private final ReentrantLock lock = new ReentrantLock();

	private final LifecycleActivity activity = new LifecycleActivity();

	private volatile State state = State.NONE;

	private volatile @Nullable CompletableFuture<State> flight;

	private volatile @Nullable ProgenyAuthException lastFailure;

	private Clock clock = Clock.systemUTC();

	private @Nullable TaskScheduler taskScheduler;

	private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

	private BackOff refreshBackOff = exponentialBackOff(Duration.ofMillis(100), Duration.ofSeconds(10));

	private BackOff loginBackOff = exponentialBackOff(Duration.ofSeconds(1), Duration.ofMinutes(5));

	// The fields below are guarded by the lock

	private boolean loaded;

	private @Nullable ProgenyStoredToken stored;

	private boolean closed;

	private final List<ScheduledFuture<?>> phaseTimers = new ArrayList<>();

	private @Nullable ThreadPoolTaskScheduler ownedScheduler;

	private @Nullable ThreadPoolExecutor executor;

	private @Nullable BackOffExecution refreshBackOffExecution;

	private @Nullable Instant refreshRetryAt;

	private @Nullable BackOffExecution loginBackOffExecution;

	private @Nullable Instant loginHeldUntil;

	private @Nullable ProgenyCredentials rejectedCredentials;

	private @Nullable ProgenyAuthException loginFailure;

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
		this.credentialsSupplier = credentialsSupplier;
		this.store = store;
		this.settings = settings;
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
	 * Set the clock for expiry instants and backoff. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set the scheduler that moves tokens from phase to phase. By default the provider
	 * creates one of its own on first use and shuts it down on {@link #close()}; a
	 * scheduler set here is left running.
	 * @param taskScheduler the scheduler, whose clock should agree with
	 * {@link #setClock(Clock)}
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "taskScheduler cannot be null");
		this.taskScheduler = taskScheduler;
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
	 * to 10 s, with jitter.
	 * @param refreshBackOff the schedule
	 */
	public void setRefreshBackOff(BackOff refreshBackOff) {
		Assert.notNull(refreshBackOff, "refreshBackOff cannot be null");
		this.refreshBackOff = refreshBackOff;
	}

	/**
	 * Set the schedule of login hold-offs after rejected credentials. Defaults to 1 s
	 * doubling to 5 minutes, with jitter.
	 * @param loginBackOff the schedule
	 */
	public void setLoginBackOff(BackOff loginBackOff) {
		Assert.notNull(loginBackOff, "loginBackOff cannot be null");
		this.loginBackOff = loginBackOff;
	}

	@Override
	public String authorizationHeader() {
		State current = this.state;
		return (current.phase == Phase.FRESH) ? current.header() : slowPath(current);
	}

	@Override
	public @Nullable String freshAuthorizationHeader() {
		State current = this.state;
		return (current.phase == Phase.FRESH) ? current.header : null;
	}

	@Override
	public CompletableFuture<String> authorizationHeaderAsync() {
		State current = this.state;
		if (current.phase == Phase.FRESH) {
			return CompletableFuture.completedFuture(current.header());
		}
		if (current.phase == Phase.STALE) {
			refreshInBackground(current);
			return CompletableFuture.completedFuture(current.header());
		}
		try {
			// a dependent stage: cancelling it leaves the shared flight alone
			return usableStateOrFlight().thenApply(State::header);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public ProgenyToken token() {
		authorizationHeader();
		ProgenyToken token = this.state.token;
		Assert.state(token != null, "No token after a successful exchange");
		return token;
	}

	@Override
	public boolean invalidate(String authorizationHeader) {
		this.lock.lock();
		try {
			State current = this.state;
			if (!current.phase.isUsable() || !authorizationHeader.equals(current.header)) {
				return false;
			}
			ProgenyToken token = current.token();
			cancelPhaseTimers();
			this.state = current.withPhase(Phase.UNUSABLE);
			removeStored(token);
			this.activity.invalidated();
			if (logger.isDebugEnabled()) {
				logger.debug("Progeny rejected " + token + "; it will be replaced");
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public ProgenyTokenStatus status() {
		State current = this.state;
		ProgenyToken token = current.token;
		return new ProgenyTokenStatus(current.phase, (token != null) ? token.expiresAt() : null,
				(token != null) ? token.id() : null, this.lastFailure, this.activity.snapshot(),
				ProgenyTokenStatus.Store.IN_MEMORY);
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
		Duration remaining = Duration.between(this.clock.instant(), current.token().expiresAt());
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	private String slowPath(State current) {
		if (current.phase == Phase.STALE) {
			refreshInBackground(current);
			return current.header();
		}
		return await(usableStateOrFlight()).header();
	}

	private void refreshInBackground(State stale) {
		if (this.flight != null || !this.lock.tryLock()) {
			return;
		}
		try {
			if (this.flight == null && this.state == stale && !this.closed && !backingOff(this.clock.instant())) {
				if (logger.isDebugEnabled()) {
					logger.debug("Refreshing " + stale.token + " ahead of its expiry");
				}
				startFlight(stale.token);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private CompletableFuture<State> usableStateOrFlight() {
		this.lock.lock();
		try {
			Assert.state(!this.closed, "ProgenyTokenProvider has been closed");
			State current = this.state;
			if (current.phase.isUsable()) {
				return CompletableFuture.completedFuture(current);
			}
			if (!this.loaded) {
				this.loaded = true;
				current = installStored();
				if (current.phase.isUsable()) {
					return CompletableFuture.completedFuture(current);
				}
			}
			CompletableFuture<State> inFlight = this.flight;
			if (inFlight != null) {
				return inFlight;
			}
			ProgenyAuthException failure = this.lastFailure;
			if (failure != null && backingOff(this.clock.instant())) {
				throw failure;
			}
			return startFlight(current.token);
		}
		finally {
			this.lock.unlock();
		}
	}

	private State installStored() {
		ProgenyStoredToken entry = this.store.load();
		if (entry == null) {
			return this.state;
		}
		this.stored = entry;
		ProgenyToken stored = entry.token();
		Instant now = this.clock.instant();
		Timing timing = timing(stored);
		if (now.isBefore(timing.unusableAt())) {
			install(stored, timing, now);
		}
		else {
			this.state = new State(stored, Phase.UNUSABLE);
		}
		return this.state;
	}

	private boolean backingOff(Instant now) {
		Instant retryAt = this.refreshRetryAt;
		return retryAt != null && now.isBefore(retryAt);
	}

	private CompletableFuture<State> startFlight(@Nullable ProgenyToken current) {
		CompletableFuture<State> inFlight = new CompletableFuture<>();
		this.flight = inFlight;
		try {
			executor().execute(() -> exchange(current, inFlight));
		}
		catch (RejectedExecutionException ex) {
			this.flight = null;
			throw new IllegalStateException("ProgenyTokenProvider has been closed", ex);
		}
		return inFlight;
	}

	private void exchange(@Nullable ProgenyToken current, CompletableFuture<State> inFlight) {
		try {
			inFlight.complete(complete(refreshOrLogin(current)));
		}
		catch (RuntimeException ex) {
			fail(ex);
			inFlight.completeExceptionally(ex);
		}
	}

	private ProgenyToken refreshOrLogin(@Nullable ProgenyToken current) {
		if (current != null) {
			String refreshToken = current.refreshToken();
			if (refreshToken != null && current.canRefresh(this.clock.instant())) {
				try {
					ProgenyToken refreshed = ProgenyToken.from(this.client.refresh(refreshToken),
							this.settings.fallbackLifetime());
					this.activity.refreshed(this.clock.instant());
					return refreshed.withRefreshTokenOf(current);
				}
				catch (ProgenyTokenRejectedException | ProgenyRequestRejectedException ex) {
					logger.info("Progeny refused to refresh " + current + " (" + ex.getMessage()
							+ "); logging in again");
				}
			}
			drop(current);
		}
		return login();
	}

	private void drop(ProgenyToken token) {
		this.lock.lock();
		try {
			removeStored(token);
			if (this.state.token == token) {
				cancelPhaseTimers();
				this.state = State.NONE;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private ProgenyToken login() {
		ProgenyCredentials credentials = this.credentialsSupplier.getCredentials();
		Assert.state(credentials != null, "ProgenyCredentialsSupplier returned null");
		checkLoginHoldOff(credentials);
		try {
			ProgenyToken token = ProgenyToken.from(this.client.obtain(credentials), this.settings.fallbackLifetime());
			this.activity.loggedIn(this.clock.instant());
			return token;
		}
		catch (ProgenyCredentialsRejectedException | ProgenyRequestRejectedException ex) {
			holdOffLogins(credentials, ex);
			throw ex;
		}
	}

	private void checkLoginHoldOff(ProgenyCredentials credentials) {
		this.lock.lock();
		try {
			Instant heldUntil = this.loginHeldUntil;
			ProgenyAuthException failure = this.loginFailure;
			if (heldUntil == null || failure == null) {
				return;
			}
			if (!credentials.equals(this.rejectedCredentials)) {
				resetLoginHoldOff();
			}
			else if (this.clock.instant().isBefore(heldUntil)) {
				throw failure;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void holdOffLogins(ProgenyCredentials credentials, ProgenyAuthException failure) {
		this.lock.lock();
		try {
			BackOffExecution execution = this.loginBackOffExecution;
			if (execution == null) {
				execution = this.loginBackOff.start();
				this.loginBackOffExecution = execution;
			}
			Duration holdOff = delay(execution, MAX_RETRY_AFTER);
			this.loginHeldUntil = this.clock.instant().plus(holdOff);
			this.rejectedCredentials = credentials;
			this.loginFailure = failure;
			logger.warn("Progeny refused the login of user '" + credentials.username() + "' (" + failure.getMessage()
					+ "); holding logins off for " + holdOff);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void resetLoginHoldOff() {
		this.loginBackOffExecution = null;
		this.loginHeldUntil = null;
		this.rejectedCredentials = null;
		this.loginFailure = null;
	}

	private State complete(ProgenyToken token) {
		Instant now = this.clock.instant();
		Timing timing = timing(token);
		if (!now.isBefore(timing.unusableAt())) {
			throw new ProgenyMalformedResponseException(
					"Progeny issued " + token + ", which expires before it can be used", null);
		}
		this.lock.lock();
		try {
			Assert.state(!this.closed, "ProgenyTokenProvider has been closed");
			save(token);
			install(token, timing, now);
			this.flight = null;
			this.lastFailure = null;
			this.refreshBackOffExecution = null;
			this.refreshRetryAt = null;
			resetLoginHoldOff();
			if (logger.isDebugEnabled()) {
				logger.debug("Using " + token + ", stale from " + timing.staleAt() + ", unusable from "
						+ timing.unusableAt());
			}
			return this.state;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Save the token in place of the entry this provider read or wrote last, or of
	 * whatever another provider stored since. Called with the lock held.
	 */
	private void save(ProgenyToken token) {
		ProgenyStoredToken saved = this.store.compareAndSave(this.stored, token);
		while (saved == null) {
			saved = this.store.compareAndSave(this.store.load(), token);
		}
		this.stored = saved;
	}

	/**
	 * Remove the stored entry if it still holds the given token. Called with the lock
	 * held.
	 */
	private void removeStored(ProgenyToken token) {
		ProgenyStoredToken entry = this.stored;
		if (entry != null && entry.token() == token) {
			this.store.compareAndRemove(entry);
			this.stored = null;
		}
	}

	private void fail(RuntimeException ex) {
		this.activity.failed();
		this.lock.lock();
		try {
			this.flight = null;
			if (!(ex instanceof ProgenyAuthException failure)) {
				logger.warn("Progeny token exchange failed", ex);
				return;
			}
			this.lastFailure = failure;
			if (failure.isTransient()) {
				BackOffExecution execution = this.refreshBackOffExecution;
				if (execution == null) {
					execution = this.refreshBackOff.start();
					this.refreshBackOffExecution = execution;
				}
				Duration delay = delay(execution, MAX_RETRY_AFTER);
				if (failure instanceof ProgenyServerUnavailableException unavailable
						&& unavailable.getRetryAfter() != null) {
					delay = max(delay, min(unavailable.getRetryAfter(), MAX_RETRY_AFTER));
				}
				this.refreshRetryAt = this.clock.instant().plus(delay);
				logger.warn(failure.getMessage() + "; retrying in " + delay);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void install(ProgenyToken token, Timing timing, Instant now) {
		cancelPhaseTimers();
		Phase phase = now.isBefore(timing.staleAt()) ? Phase.FRESH : Phase.STALE;
		this.state = new State(token, phase);
		TaskScheduler scheduler = scheduler();
		if (phase == Phase.FRESH) {
			this.phaseTimers.add(scheduler.schedule(() -> advance(token, Phase.STALE), timing.staleAt()));
		}
		this.phaseTimers.add(scheduler.schedule(() -> advance(token, Phase.UNUSABLE), timing.unusableAt()));
	}

	private void advance(ProgenyToken token, Phase phase) {
		this.lock.lock();
		try {
			State current = this.state;
			if (current.token == token && current.phase.compareTo(phase) < 0) {
				this.state = current.withPhase(phase);
				if (logger.isDebugEnabled()) {
					logger.debug(token + " is now " + phase);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private Timing timing(ProgenyToken token) {
		Duration lifetime = token.lifetime();
		Duration window = this.settings.refreshAheadFor(lifetime);
		double jitter = Math.min(1, Math.max(0, this.jitter.getAsDouble())) * this.settings.maxJitter();
		Duration jittered = window.plusNanos((long) (window.toNanos() * jitter));
		return new Timing(token.expiresAt().minus(jittered),
				token.expiresAt().minus(this.settings.mustRefreshMarginFor(lifetime)));
	}

	private void cancelPhaseTimers() {
		this.phaseTimers.forEach((timer) -> timer.cancel(false));
		this.phaseTimers.clear();
	}

	private TaskScheduler scheduler() {
		if (this.taskScheduler != null) {
			return this.taskScheduler;
		}
		if (this.ownedScheduler == null) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("progeny-auth-timer-");
			scheduler.setDaemon(true);
			scheduler.setRemoveOnCancelPolicy(true);
			scheduler.setClock(this.clock);
			scheduler.initialize();
			this.ownedScheduler = scheduler;
		}
		return this.ownedScheduler;
	}

	private ThreadPoolExecutor executor() {
		if (this.closed) {
			throw new RejectedExecutionException("closed");
		}
		if (this.executor == null) {
			CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("progeny-auth-exchange-");
			threadFactory.setDaemon(true);
			ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), threadFactory);
			executor.allowCoreThreadTimeOut(true);
			this.executor = executor;
		}
		return this.executor;
	}

	private State await(CompletableFuture<State> inFlight) {
		Duration maxWait = this.settings.maxWait();
		try {
			return inFlight.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
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
	 * Stop the provider's threads. Callers get an {@link IllegalStateException} afterwards.
	 */
	@Override
	public void close() {
		CompletableFuture<State> inFlight;
		this.lock.lock();
		try {
			this.closed = true;
			this.state = State.NONE;
			cancelPhaseTimers();
			inFlight = this.flight;
			if (this.ownedScheduler != null) {
				this.ownedScheduler.shutdown();
			}
			if (this.executor != null) {
				this.executor.shutdownNow();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (inFlight != null) {
			inFlight.completeExceptionally(new IllegalStateException("ProgenyTokenProvider has been closed"));
		}
	}

	@Override
	public String toString() {
		return "ProgenyTokenProvider[" + this.client + ", " + this.state.phase + "]";
	}

	private static Duration delay(BackOffExecution execution, Duration max) {
		long millis = execution.nextBackOff();
		return (millis == BackOffExecution.STOP) ? max : Duration.ofMillis(millis);
	}

	private static ExponentialBackOff exponentialBackOff(Duration initial, Duration max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
		backOff.setMaxInterval(max.toMillis());
		backOff.setJitter(initial.toMillis() / 2);
		return backOff;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/**
	 * What every caller reads: the token, its header value, computed once, and its phase.
	 */
	private static final class State {

		static final State NONE = new State(null, Phase.NONE);

		private final @Nullable ProgenyToken token;

		private final @Nullable String header;

		private final Phase phase;

		State(@Nullable ProgenyToken token, Phase phase) {
			this(token, (token != null) ? "Bearer " + token.accessToken() : null, phase);
		}

		private State(@Nullable ProgenyToken token, @Nullable String header, Phase phase) {
			this.token = token;
			this.header = header;
			this.phase = phase;
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
			return new State(this.token, this.header, phase);
		}

		@Override
		public String toString() {
			return "State[" + this.token + ", " + this.phase + "]";
		}

	}

	private record Timing(Instant staleAt, Instant unusableAt) {

	}

}
