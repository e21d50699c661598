package tech.progeny.auth.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs benchmarks of one JMH class in interleaved rounds and prints, for each, its ratio
 * to the first one named, round by round, and the median of those ratios. Each round runs
 * every benchmark once, one after the other, each in a JVM of its own (one fork, 3
 * warmup and 5 measurement iterations of 1 s, the median of the 5 as its time).
 * <p>
 * On a shared 2-core machine the time of one benchmark moves by a third from one JVM to
 * the next (the code the JIT compiler settles on, the machine's other load), which swamps
 * a budget of 10 %. Running the forks of one benchmark back to back, as JMH does, lets a
 * slow minute land on one benchmark only; a ratio taken within a round compares JVMs
 * started a few seconds apart, and the median over the rounds drops the rounds a burst
 * of load spoilt.
 * <p>
 * Arguments: rounds (default 10), the benchmark class's simple name (default
 * {@code ReactiveHotPathBenchmark}) and a comma-separated list of its benchmark methods,
 * baseline first (default {@code constantHeader,progeny}).
 */
public final class JmhRounds {

	private JmhRounds() {
	}

	public static void main(String[] args) throws RunnerException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		String benchmarkClass = JmhRounds.class.getPackageName() + "."
				+ ((args.length > 1) ? args[1] : "ReactiveHotPathBenchmark");
		List<String> methods = List.of(((args.length > 2) ? args[2] : "constantHeader,progeny").split(","));
		Map<String, List<Double>> times = new LinkedHashMap<>();
		methods.forEach((method) -> times.put(method, new ArrayList<>()));
		for (int round = 1; round <= rounds; round++) {
			for (String method : methods) {
				double time = medianTime(benchmarkClass + "." + method);
				times.get(method).add(time);
				System.out.printf(Locale.ROOT, "round %d %-26s %10.1f%n", round, method, time);
			}
		}
		List<Double> baseline = times.get(methods.get(0));
		System.out.println();
		System.out.println(benchmarkClass.substring(benchmarkClass.lastIndexOf('.') + 1) + ", " + rounds
				+ " interleaved rounds, ratio to " + methods.get(0) + " of the same round");
		System.out.printf(Locale.ROOT, "%-26s %12s %12s  %s%n", "benchmark", "median time", "median ratio",
				"ratio by round");
		times.forEach((method, values) -> {
			double[] ratios = new double[values.size()];
			StringBuilder byRound = new StringBuilder();
			for (int i = 0; i < ratios.length; i++) {
				ratios[i] = values.get(i) / baseline.get(i);
				byRound.append(String.format(Locale.ROOT, " %.2f", ratios[i]));
			}
			double time = JmhRatios.median(values.stream().mapToDouble(Double::doubleValue).toArray());
			System.out.printf(Locale.ROOT, "%-26s %12.1f %11.2fx %s%n", method, time, JmhRatios.median(ratios),
					byRound);
		});
	}

	private static double medianTime(String benchmark) throws RunnerException {
		Options options = new OptionsBuilder().include("^" + Pattern.quote(benchmark) + "$")
			.forks(1)
			.warmupIterations(3)
			.measurementIterations(5)
			.verbosity(VerboseMode.SILENT)
			.build();
		RunResult result = new Runner(options).runSingle();
		double[] iterations = result.getBenchmarkResults()
			.stream()
			.flatMap((run) -> run.getIterationResults().stream())
			.map(IterationResult::getPrimaryResult)
			.mapToDouble((primary) -> primary.getScore())
			.toArray();
		return JmhRatios.median(iterations);
	}

}
