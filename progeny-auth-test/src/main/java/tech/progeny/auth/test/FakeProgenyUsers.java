package tech.progeny.auth.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The accounts of the fake Progeny server, changeable at runtime from any thread.
 *
 * <pre>
 * server.users().deactivate(FakeProgenyServer.DEFAULT_USERNAME); // obtain now answers 401, the API "User is inactive"
 * server.users().changePassword(FakeProgenyServer.DEFAULT_USERNAME, "new-password");
 * </pre>
 */
public final class FakeProgenyUsers {

	private final Map<String, Account> initial;

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();

	FakeProgenyUsers(List<Account> initial) {
		Map<String, Account> byName = new LinkedHashMap<>();
		for (Account account : initial) {
			if (byName.putIfAbsent(account.username(), account) != null) {
				throw new IllegalArgumentException("Duplicate username '" + account.username() + "'");
			}
		}
		this.initial = byName;
		reset();
	}

	/**
	 * Adds an active user, or replaces the user with that name.
	 * @param username the username
	 * @param password the password
	 * @param userId the id put in the tokens' {@code user_id} claim
	 */
	public void add(String username, String password, long userId) {
		Account account = new Account(username, password, userId, true);
		this.accounts.put(account.username(), account);
	}

	/**
	 * Deactivates a user: obtain answers 401 and the API "User is inactive"; refresh still works.
	 * @param username the username
	 */
	public void deactivate(String username) {
		this.accounts.computeIfPresent(username, (name, account) -> account.withActive(false));
		require(username);
	}

	/**
	 * Reactivates a user.
	 * @param username the username
	 */
	public void activate(String username) {
		this.accounts.computeIfPresent(username, (name, account) -> account.withActive(true));
		require(username);
	}

	/**
	 * Changes a user's password; tokens issued before stay valid, as on the real server.
	 * @param username the username
	 * @param newPassword the new password
	 */
	public void changePassword(String username, String newPassword) {
		Objects.requireNonNull(newPassword, "newPassword must not be null");
		this.accounts.computeIfPresent(username,
				(name, account) -> new Account(name, newPassword, account.userId(), account.active()));
		require(username);
	}

	/**
	 * Whether a user exists and is active.
	 * @param username the username
	 * @return whether the user can log in
	 */
	public boolean isActive(String username) {
		Account account = this.accounts.get(username);
		return account != null && account.active();
	}

	/**
	 * The current password of a user.
	 * @param username the username
	 * @return the password
	 */
	public String password(String username) {
		return require(username).password();
	}

	/**
	 * The id of a user.
	 * @param username the username
	 * @return the id in the tokens' {@code user_id} claim
	 */
	public long userId(String username) {
		return require(username).userId();
	}

	/**
	 * Restores the users the server was started with, with their passwords and active flags.
	 */
	public void reset() {
		this.accounts.clear();
		this.accounts.putAll(this.initial);
	}

	@Nullable Account find(String username) {
		return this.accounts.get(username);
	}

	@Nullable Account findById(long userId) {
		for (Account account : new ArrayList<>(this.accounts.values())) {
			if (account.userId() == userId) {
				return account;
			}
		}
		return null;
	}

	Account require(String username) {
		Account account = this.accounts.get(username);
		if (account == null) {
			throw new IllegalArgumentException("No user '" + username + "'");
		}
		return account;
	}

	/**
	 * An account of the fake server.
	 *
	 * @param username the username
	 * @param password the password
	 * @param userId the id in the tokens
	 * @param active whether the user may log in
	 */
	record Account(String username, String password, long userId, boolean active) {

		Account {
			Objects.requireNonNull(username, "username must not be null");
			Objects.requireNonNull(password, "password must not be null");
		}

		Account withActive(boolean active) {
			return new Account(this.username, this.password, this.userId, active);
		}

		@Override
		public String toString() {
			return "Account[username=" + this.username + ", password=******, userId=" + this.userId + ", active="
					+ this.active + "]";
		}

	}

}
