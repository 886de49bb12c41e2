package io.panels.formula.bench;

import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Evaluator;
import io.panels.formula.eval.RowValues;
import io.panels.formula.types.Column;
import io.panels.formula.types.ColumnModel;
import io.panels.formula.types.Type;
import io.panels.formula.types.TypeChecker;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Evaluates a 10-function formula over 1,000,000 rows in memory: one operation is the whole table. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvaluatorBenchmark {

    static final String FORMULA = "IF(AND({Amount} > 0, NOT(ISBLANK({Name}))), "
            + "ROUND({Amount} * {Rate} / 3, 2) + LEN(UPPER(TRIM({Name}))), ABS(MIN({Amount}, {Rate}, 0)))";
    static final int ROWS = 1_000_000;

    private Evaluator evaluator;
    private RowValues[] rows;
    private EvalContext ctx;

    @Setup
    public void setUp() {
        List<Column> columns = List.of(
                Column.data("Amount", "amount", Type.NUMBER, "amount"),
                Column.data("Rate", "rate", Type.NUMBER, "rate"),
                Column.data("Name", "name", Type.TEXT, "name"));
        evaluator = Evaluator.compile(TypeChecker.check(FORMULA, ColumnModel.byName(columns)));
        ctx = new EvalContext(ZoneId.of("Europe/Paris"), Instant.now());
        Random random = new Random(42);
        rows = new RowValues[ROWS];
        for (int i = 0; i < ROWS; i++) {
            BigDecimal amount = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(2_000_000) - 500_000, 2);
            BigDecimal rate = BigDecimal.valueOf(random.nextInt(1_000), 3);
            String name = random.nextInt(10) == 0 ? null : "  item " + i + "  ";
            rows[i] = key -> switch (key) {
                case "amount" -> amount;
                case "rate" -> rate;
                default -> name;
            };
        }
    }

    @Benchmark
    public void millionRows(Blackhole sink) {
        for (RowValues row : rows) {
            sink.consume(evaluator.evaluate(row, ctx));
        }
    }
}
