package tech.progeny.auth.token;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * {@link ProgenyTokenStore} that keeps the token in memory, per process.
 */
public final class InMemoryProgenyTokenStore implements ProgenyTokenStore {

	private final AtomicReference<@Nullable ProgenyStoredToken> entry = new AtomicReference<>();

	private final AtomicLong versions = new AtomicLong();

	@Override
	public @Nullable ProgenyStoredToken load() {
		return this.entry.get();
	}

	@Override
	public @Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected, ProgenyToken token) {
		ProgenyStoredToken saved = new ProgenyStoredToken(token, this.versions.incrementAndGet());
		return this.entry.compareAndSet(expected, saved) ? saved : null;
	}

	@Override
	public boolean compareAndRemove(ProgenyStoredToken expected) {
		return this.entry.compareAndSet(expected, null);
	}

	@Override
	public ProgenyTokenStatus.Store status() {
		return ProgenyTokenStatus.Store.IN_MEMORY;
	}

	@Override
	public String toString() {
		ProgenyStoredToken current = this.entry.get();
		return "InMemoryProgenyTokenStore[" + ((current != null) ? current.token() : "empty") + "]";
	}

}
