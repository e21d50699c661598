package tech.progeny.auth.token;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * {@link ProgenyTokenStore} that keeps the token in memory, per process.
 */
public final class InMemoryProgenyTokenStore implements ProgenyTokenStore {

	private final AtomicReference<@Nullable ProgenyToken> token = new AtomicReference<>();

	@Override
	public @Nullable ProgenyToken load() {
		return this.token.get();
	}

	@Override
	public void save(ProgenyToken token) {
		this.token.set(token);
	}

	@Override
	public boolean remove(ProgenyToken expected) {
		return this.token.compareAndSet(expected, null);
	}

	@Override
	public String toString() {
		return "InMemoryProgenyTokenStore[" + this.token.get() + "]";
	}

}
