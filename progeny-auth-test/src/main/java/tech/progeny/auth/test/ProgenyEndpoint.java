package tech.progeny.auth.test;

/**
 * An endpoint of the fake Progeny server, or a group of them, that counters and faults refer to.
 *
 * <p>A request is always served by one of {@link #OBTAIN}, {@link #REFRESH} or {@link #API}; the groups
 * {@link #TOKEN} and {@link #ANY} only select requests for faults.
 */
public enum ProgenyEndpoint {

	/** {@code POST /api/v3/accounts/token/obtain/}. */
	OBTAIN,

	/** {@code POST /api/v3/accounts/token/refresh/}. */
	REFRESH,

	/** Either token endpoint: {@link #OBTAIN} or {@link #REFRESH}. */
	TOKEN,

	/** The protected demo API under {@code /api/v3/demo/}. */
	API,

	/** Every endpoint. */
	ANY;

	/**
	 * Whether this endpoint or group includes the given endpoint.
	 * @param endpoint the endpoint a request was served by
	 * @return whether a fault for this target applies to that request
	 */
	public boolean includes(ProgenyEndpoint endpoint) {
		return switch (this) {
			case ANY -> true;
			case TOKEN -> endpoint == OBTAIN || endpoint == REFRESH || endpoint == TOKEN;
			default -> this == endpoint;
		};
	}

}
