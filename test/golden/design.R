# Golden fixture for models/design (formula parser + model-frame builder).
#
# R 4.2.2, survival 3.5-3, jsonlite (Debian r-cran-* packages).
# For each case: the rows kept by model.frame(..., na.action = na.omit,
# drop.unused.levels = TRUE) (as coxph/lm do), colnames(model.matrix(...))
# without the intercept column (strata terms removed, as coxph does), the
# first rows of the design matrix, column sums, the response and the strata.
# With a Surv response the factors are coded as coxph codes them (intercept
# forced to 1, as survival's model.matrix.coxph) and the column names are
# checked against coxph(..., x = TRUE)$x.
# The test (test/models/design/golden.test.ts) compares names, assign, counts,
# row indices, strata labels/codes/counts and integer-valued first-row entries
# exactly; non-integer first-row values (log, sqrt) with relative tolerance
# 1e-14 (digits = NA writes 15 significant digits); column sums with relative
# tolerance 1e-12 (summation order). Factor columns are turned into character
# (as in the CSV files) and collation set to C (code-point order).
#
# It also lists attr(terms(f), "term.labels") for 30 chosen and 150 seeded
# random formulas (test/models/design/formula.test.ts compares them exactly),
# model.matrix column names/assign/column sums for 60 seeded random formulas
# on colon (golden.test.ts; sums to relative 1e-12), and as.character() of
# 29 doubles (format-r-number.test.ts, exact).
#
# Regenerate from the repository root:
#   Rscript test/golden/design.R   # writes test/golden/design.json
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

# Factor columns as character, as the CSV exports in datasets/ carry them;
# levels then sort in code-point order (C collation), as the TypeScript builder does.
invisible(Sys.setlocale("LC_COLLATE", "C"))
as_csv <- function(d) { d[] <- lapply(d, function(x) if (is.factor(x)) as.character(x) else x); d }
gbsg <- as_csv(survival::gbsg)
lung <- as_csv(survival::lung)
colon <- as_csv(survival::colon)
colon_obs <- colon
colon_obs$rx <- relevel(factor(colon_obs$rx), ref = "Obs")

cases <- list(
  list(data = "gbsg", lhs = "Surv(rfstime, status)", rhs = "age + factor(grade) + size"),
  list(data = "gbsg", lhs = "Surv(rfstime, status)", rhs = "age * factor(grade)"),
  list(data = "gbsg", lhs = "Surv(rfstime, status)", rhs = "factor(meno) * factor(grade) + sqrt(pgr) + I(nodes^2)", strata = "hormon"),
  list(data = "gbsg", lhs = "Surv(rfstime, status)", rhs = "(age + size):factor(grade) + age"),
  list(data = "lung", lhs = "Surv(time, status)", rhs = "age + ph.ecog + wt.loss"),
  list(data = "lung", lhs = "Surv(time, status)", rhs = "age:factor(sex) + factor(ph.ecog)", strata = "sex"),
  list(data = "lung", lhs = "Surv(time, status)", rhs = "age + log(meal.cal) + pat.karno", strata = c("sex", "ph.ecog")),
  list(data = "colon", lhs = "Surv(time, status)", rhs = "rx + sex + rx:sex + factor(differ)", strata = "etype"),
  list(data = "colon", lhs = "Surv(time, status)", rhs = "rx * factor(extent) + nodes"),
  list(data = "colon", lhs = "Surv(time, status)", rhs = "rx + age - 1"),
  list(data = "colon", lhs = "nodes", rhs = "rx + age - 1"),
  list(data = "lung", lhs = "wt.loss", rhs = "factor(ph.ecog) * sex + meal.cal"),
  list(data = "colon_obs", lhs = "Surv(time, status)", rhs = "rx + factor(differ):rx", factors = list(rx = list(reference = "Obs")))
)

out <- lapply(cases, function(cs) {
  d <- get(cs$data)
  full <- paste(cs$lhs, "~", cs$rhs)
  if (!is.null(cs$strata)) full <- paste0(full, " + strata(", paste(cs$strata, collapse = ", "), ")")
  mf <- model.frame(as.formula(full), d, na.action = na.omit, drop.unused.levels = TRUE)
  tt <- terms(as.formula(paste(cs$lhs, "~", cs$rhs)))
  surv <- startsWith(cs$lhs, "Surv(")
  # With a Surv response, code factors as coxph does (model.matrix.coxph sets
  # the intercept to 1 whatever the formula says), and check the names
  # against the design matrix coxph itself builds.
  if (surv) attr(tt, "intercept") <- 1L
  X <- model.matrix(tt, mf)
  if (surv) {
    fit <- suppressWarnings(coxph(as.formula(full), data = d, x = TRUE))
    stopifnot(identical(colnames(fit$x), setdiff(colnames(X), "(Intercept)")), nrow(fit$x) == nrow(mf))
  }
  keep <- colnames(X) != "(Intercept)"
  assign <- attr(X, "assign")[keep] - 1L
  X <- X[, keep, drop = FALSE]
  y <- mf[[1]]
  nfirst <- min(6, nrow(X))
  res <- list(
    dataset = if (cs$data == "colon_obs") "colon" else cs$data,
    formula = full,
    nrow = nrow(mf),
    nDropped = nrow(d) - nrow(mf),
    rowIndexFirst = as.integer(rownames(mf))[seq_len(nfirst)] - 1L,
    columnNames = colnames(X),
    assign = assign,
    firstRows = lapply(seq_len(nfirst), function(i) unname(X[i, ])),
    colSums = unname(colSums(X))
  )
  if (surv) {
    res$timeFirst <- unname(y[seq_len(nfirst), "time"])
    res$statusFirst <- unname(y[seq_len(nfirst), "status"])
    res$statusSum <- sum(y[, "status"])
  } else {
    res$yFirst <- unname(y[seq_len(nfirst)])
    res$ySum <- sum(y)
  }
  if (!is.null(cs$factors)) res$factors <- cs$factors
  if (!is.null(cs$strata)) {
    s <- mf[[paste0("strata(", paste(cs$strata, collapse = ", "), ")")]]
    res$strataLabels <- levels(s)
    res$strataFirst <- as.integer(s)[seq_len(nfirst)] - 1L
    res$strataCounts <- as.integer(table(s))
  }
  res
})

# Term labels and intercept of formulas without specials: attr(terms(f), "term.labels").
term_formulas <- c(
  "y ~ a*b*c", "y ~ b:a + a + c", "y ~ (a+b):c", "y ~ (a + b)*c", "y ~ a*b - a:b",
  "y ~ a + b - 1", "y ~ 0 + a", "y ~ -1 + a", "y ~ a + 1", "y ~ a - 1 + 1",
  "y ~ I(x ^ 2) + log( x ) + sqrt(x) + exp(x)", "y ~ factor(g)*x", "y ~ a/b", "y ~ (a+b)/c",
  "y ~ (a+b+c)^2", "y ~ `my var` + x.1 + .z + a_b", "y ~ a:b:c + c:a", "y ~ x:factor(g) + x",
  "y ~ a + a", "y ~ b:a + a:b", "y ~ (a + b) * (c + d)", "Surv(t, s) ~ x * z",
  "Surv(t0, t1, d) ~ z:x + x", "~ a + b", "y ~ a*b*c - a:b:c", "y ~ ((a))", "y ~ a:(b + c)",
  "y ~ I(x^3) + `a b`:c", "y ~ 1", "y ~ 0"
)
# Random formulas (seeded) over five variables with + : * / ^ ( ) and - terms.
set.seed(20240607)
rand_expr <- function(depth) {
  if (depth == 0 || runif(1) < 0.3) return(sample(c("a", "b", "c", "d", "log(e)"), 1))
  op <- sample(c("+", ":", "*", "/", "^"), 1, prob = c(0.3, 0.25, 0.25, 0.1, 0.1))
  if (op == "^") return(paste0("(", rand_expr(depth - 1), " + ", rand_expr(depth - 1), ")^", sample(2:3, 1)))
  left <- rand_expr(depth - 1)
  right <- rand_expr(depth - 1)
  if (op %in% c(":", "*", "/")) {
    if (grepl("[+]", left)) left <- paste0("(", left, ")")
    if (grepl("[+*/]", right)) right <- paste0("(", right, ")")
  }
  paste(left, op, right)
}
random_formulas <- vapply(seq_len(150), function(i) {
  f <- paste("y ~", rand_expr(3))
  if (runif(1) < 0.3) f <- paste(f, "-", sample(c("a", "b", "a:b", "1", "c:d"), 1))
  f
}, "")
term_formulas <- c(term_formulas, random_formulas)

term_cases <- lapply(term_formulas, function(f) {
  tt <- terms(as.formula(f))
  list(formula = f, labels = I(attr(tt, "term.labels")), intercept = attr(tt, "intercept") == 1)
})

# Random formulas on colon with factors, numerics and a transform (plain response, so
# R's model.matrix rules apply, with and without intercept): column names, assign, sums.
set.seed(7)
rand_design <- function(depth) {
  if (depth == 0 || runif(1) < 0.35) return(sample(c("rx", "sex", "factor(extent)", "age", "factor(differ)", "sqrt(nodes)"), 1))
  op <- sample(c("+", ":", "*"), 1)
  left <- rand_design(depth - 1)
  right <- rand_design(depth - 1)
  if (op != "+") {
    if (grepl("[+]", left)) left <- paste0("(", left, ")")
    if (grepl("[+*]", right)) right <- paste0("(", right, ")")
  }
  paste(left, op, right)
}
design_formulas <- vapply(seq_len(60), function(i) {
  f <- paste("time ~", rand_design(3))
  if (runif(1) < 0.3) f <- paste(f, "- 1")
  f
}, "")
design_cases <- lapply(design_formulas, function(f) {
  mf <- model.frame(as.formula(f), colon, na.action = na.omit, drop.unused.levels = TRUE)
  X <- model.matrix(terms(as.formula(f)), mf)
  keep <- colnames(X) != "(Intercept)"
  list(formula = f, nrow = nrow(mf), columnNames = I(colnames(X)[keep]),
       assign = I(attr(X, "assign")[keep] - 1L), colSums = I(unname(colSums(X))[keep]))
})

# as.character() of doubles: the text of factor levels and strata labels of numeric columns.
numbers <- c(1, 2, 10, 100, 1e5, 123456, 0.1, 1/3, 2/3, 1e-5, 1e-4, 0.0001234, 1e15, 1e16,
             2.5, -3, -0.5, 1234567.1, 0.1 + 0.2, 1e5 + 0.1, 3e10, 22/7 * 1e-10, 1e100, -1e-300,
             123456789012, 1234567890123456, 0.000123456789, 5e-324, 1.5e308)

write_json(list(
  # values as "%.17g" text: jsonlite 1.8.4 writes at most 15 significant digits even with digits = NA
  numbers = list(values = sprintf("%.17g", numbers), text = as.character(numbers)),
  terms = term_cases,
  designs = design_cases,
  generated = "R 4.2.2, survival 3.5-3: model.frame(na.omit, drop.unused.levels = TRUE) + model.matrix (treatment contrasts)",
  cases = out
), "test/golden/design.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
