package tech.progeny.auth.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints the results of a JMH run ({@code -rf json}) as ratios against the
 * {@code constantHeader} benchmark of the same class and run. Times are the median of
 * the measurement iterations, which a burst of load from other processes on a shared
 * machine moves less than the mean; allocation is JMH's {@code gc.alloc.rate.norm}.
 */
public final class JmhRatios {

	private static final String BASELINE = "constantHeader";

	/**
	 * The second reference: progeny-auth's own interceptor, to which the other ways in
	 * (such as Spring Security's interceptor on the Progeny provider) are compared.
	 */
	private static final String PROGENY = "progeny";

	private JmhRatios() {
	}

	public static void main(String[] args) {
		JsonNode results = JsonMapper.shared().readTree(new File((args.length > 0) ? args[0] : "jmh-result.json"));
		Map<String, List<Row>> byClass = new LinkedHashMap<>();
		for (JsonNode result : results) {
			String benchmark = result.get("benchmark").asString();
			int dot = benchmark.lastIndexOf('.');
			String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
			JsonNode primary = result.get("primaryMetric");
			JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
			byClass.computeIfAbsent(className, (key) -> new ArrayList<>())
				.add(new Row(benchmark.substring(dot + 1), median(primary.get("rawData")),
						primary.get("scoreUnit").asString(),
						alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble()));
		}
		byClass.forEach((className, rows) -> {
			Row baseline = rows.stream().filter((row) -> row.name().equals(BASELINE)).findFirst().orElse(rows.get(0));
			Row progeny = rows.stream().filter((row) -> row.name().equals(PROGENY)).findFirst().orElse(baseline);
			boolean throughput = baseline.unit().startsWith("ops/");
			System.out.println();
			System.out.println(className + " (baseline: " + baseline.name() + ", median of iterations)");
			System.out.printf(Locale.ROOT, "%-34s %12s %10s %12s %10s %10s%n", "benchmark", baseline.unit(),
					throughput ? "thrpt/base" : "time/base", throughput ? "thrpt/" + progeny.name()
							: "time/" + progeny.name(), "B/op", "B/base");
			for (Row row : rows) {
				System.out.printf(Locale.ROOT, "%-34s %12.1f %9.2fx %11.2fx %10.0f %9.2fx%n", row.name(), row.score(),
						row.score() / baseline.score(), row.score() / progeny.score(), row.bytes(),
						row.bytes() / baseline.bytes());
			}
		});
	}

	private static double median(JsonNode rawData) {
		List<Double> values = new ArrayList<>();
		rawData.forEach((fork) -> fork.forEach((iteration) -> values.add(iteration.asDouble())));
		return median(values.stream().mapToDouble(Double::doubleValue).toArray());
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private record Row(String name, double score, String unit, double bytes) {

	}

}
