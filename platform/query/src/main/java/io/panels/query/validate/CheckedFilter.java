package io.panels.query.validate;

import io.panels.query.model.Conjunction;
import io.panels.query.model.Operator;
import io.panels.query.schema.ColumnSchema;
import java.util.List;

/** The filter tree after validation: columns resolved, operands typed. Only the compiler reads it. */
public sealed interface CheckedFilter {

    record Group(Conjunction conjunction, List<CheckedFilter> members) implements CheckedFilter {
        public Group {
            members = List.copyOf(members);
        }
    }

    /** @param path where the condition is in the query, for messages found later */
    record Test(String path, ColumnSchema column, Operator op, Operand operand) implements CheckedFilter {
    }
}
