grammar Formula;

// Alternatives are listed from the tightest binding to the loosest: ^ binds tighter than a
// leading minus (-2^2 is -4, as in mathematics), then * / %, + -, &, and the comparisons.
formula : expr EOF ;

expr
    : <assoc=right> left=expr op=CARET right=expr                     # Binary
    | op=(MINUS | PLUS) operand=expr                                  # Unary
    | left=expr op=(STAR | SLASH | PERCENT) right=expr                # Binary
    | left=expr op=(PLUS | MINUS) right=expr                          # Binary
    | left=expr op=AMP right=expr                                     # Binary
    | left=expr op=(EQ | NEQ | LT | LE | GT | GE) right=expr          # Binary
    | name=IDENT LPAREN (expr (COMMA expr)*)? RPAREN                   # Call
    | value=(TRUE | FALSE) (LPAREN RPAREN)?                           # Bool
    | NUMBER                                                          # Number
    | STRING                                                          # Text
    | COLUMN                                                          # Column
    | LPAREN expr RPAREN                                              # Parens
    ;

TRUE    : [Tt][Rr][Uu][Ee] ;
FALSE   : [Ff][Aa][Ll][Ss][Ee] ;
IDENT   : [A-Za-z_] [A-Za-z0-9_]* ;
NUMBER  : [0-9]+ ('.' [0-9]*)? | '.' [0-9]+ ;
STRING  : '"' (~["\\] | '\\' .)* '"' | '\'' (~['\\] | '\\' .)* '\'' ;
COLUMN  : '{' (~[}\\] | '\\' .)* '}' ;
CARET   : '^' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
PLUS    : '+' ;
MINUS   : '-' ;
AMP     : '&' ;
EQ      : '=' | '==' ;
NEQ     : '!=' | '<>' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
COMMA   : ',' ;
WS      : [ \t\r\n]+ -> skip ;
// Anything else becomes a token of its own so that the parser reports it with its position.
UNKNOWN : . ;
