package tech.progeny.auth.token;

/**
 * The right to make the one token request in flight across every provider that shares a
 * {@link ProgenyTokenStore}. A lease ends when it is {@link #close() released} or when it
 * expires, so that a holder that dies or hangs cannot stop the others for good.
 */
public interface ProgenyTokenLease extends AutoCloseable {

	/**
	 * A lease for a store that only one provider uses, whose own single flight is enough.
	 */
	ProgenyTokenLease LOCAL = () -> {
	};

	/**
	 * Release the lease if it is still held by this holder; a lease that has expired
	 * and been taken by another holder is left alone.
	 */
	@Override
	void close();

}
