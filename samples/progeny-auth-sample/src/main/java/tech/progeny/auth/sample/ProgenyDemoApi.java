package tech.progeny.auth.sample;

import org.springframework.http.ResponseEntity;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * A declarative HTTP service of the {@code progeny} group, which progeny-auth points at
 * {@code progeny.auth.base-url} and authenticates.
 */
@HttpExchange
public interface ProgenyDemoApi {

	/**
	 * Reads the demo path, {@code sample.demo-path}.
	 * @return the response
	 */
	@GetExchange("${sample.demo-path:/api/v3/demo/ping/}")
	ResponseEntity<String> read();

}
