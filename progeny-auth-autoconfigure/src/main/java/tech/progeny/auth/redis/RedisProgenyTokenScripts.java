package tech.progeny.auth.redis;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts that make each read and each compare-and-set of an entry one atomic
 * Redis command. Spring Data Redis sends them by their SHA-1 ({@code EVALSHA}) and falls
 * back to {@code EVAL} when Redis does not know them, for example after a restart.
 */
final class RedisProgenyTokenScripts {

	/**
	 * Read the entry: version, encrypted value and remaining time to live in
	 * milliseconds, all as strings, or nil without an entry. KEYS[1]: the entry.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> LOAD = RedisScript.of("""
			local entry = redis.call('HMGET', KEYS[1], 'version', 'value')
			if not entry[1] or not entry[2] then
				return false
			end
			return { entry[1], entry[2], tostring(redis.call('PTTL', KEYS[1])) }
			""", List.class);

	/**
	 * Replace the entry if its version is the expected one, with a new version drawn
	 * from the counter and an expiry; return the new version, or nil if the entry had
	 * another version. The counter starts from Redis' clock in microseconds, so that
	 * versions keep growing even after the keys were flushed. KEYS[1]: the entry;
	 * KEYS[2]: the counter; ARGV[1]: the expected version, empty for no entry; ARGV[2]:
	 * the encrypted value; ARGV[3]: the time to live in milliseconds.
	 */
	static final RedisScript<Long> SAVE = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], 'version')
			if (current or '') ~= ARGV[1] then
				return false
			end
			if redis.call('EXISTS', KEYS[2]) == 0 then
				local now = redis.call('TIME')
				redis.call('SET', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])))
			end
			local version = redis.call('INCR', KEYS[2])
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'version', version, 'value', ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return version
			""", Long.class);

	/**
	 * Delete the entry if its version is the expected one; return 1 if it was deleted,
	 * else 0. KEYS[1]: the entry; ARGV[1]: the expected version.
	 */
	static final RedisScript<Long> REMOVE = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'version') == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	/**
	 * Delete the lease if this holder still has it (compare-and-delete); return 1 if it
	 * was deleted, else 0. KEYS[1]: the lease; ARGV[1]: the holder's id.
	 */
	static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	/**
	 * Record a refusal of the credentials with the given fingerprint and hold logins off,
	 * unless the hold-off already counts at least as many refusals of them: then another
	 * instance was refused in the same attempt window, and its hold-off stands. Either
	 * way, return the hold-off in force: fingerprint, refusals and end, as strings.
	 * KEYS[1]: the hold-off; ARGV[1]: the fingerprint; ARGV[2]: the refusals in a row;
	 * ARGV[3]: the end of the hold-off, in milliseconds since the epoch; ARGV[4]: how long
	 * the key lives, in milliseconds.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> HOLD_OFF_LOGINS = RedisScript.of("""
			local state = redis.call('HMGET', KEYS[1], 'fingerprint', 'refusals', 'until')
			local counted = tonumber(state[2])
			if state[1] == ARGV[1] and counted and state[3] and counted >= tonumber(ARGV[2]) then
				return state
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'refusals', ARGV[2], 'until', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return { ARGV[1], ARGV[2], ARGV[3] }
			""", List.class);

	private RedisProgenyTokenScripts() {
	}

}
