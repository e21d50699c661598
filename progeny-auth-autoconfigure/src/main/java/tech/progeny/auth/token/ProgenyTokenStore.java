package tech.progeny.auth.token;

import org.jspecify.annotations.Nullable;

/**
 * Storage of the current Progeny token. The provider loads it once on first use, saves
 * every token it obtains and removes a token that the server no longer accepts.
 * Implementations must be thread-safe. The default, {@link InMemoryProgenyTokenStore},
 * keeps the token for the life of the process.
 */
public interface ProgenyTokenStore {

	/**
	 * Return the stored token.
	 * @return the token, or {@code null} if none is stored
	 */
	@Nullable ProgenyToken load();

	/**
	 * Store the given token in place of any other.
	 * @param token the token
	 */
	void save(ProgenyToken token);

	/**
	 * Remove the stored token, but only if it is still the given one.
	 * @param expected the token to remove
	 * @return {@code true} if it was removed, {@code false} if another token (or none) was
	 * stored
	 */
	boolean remove(ProgenyToken expected);

}
