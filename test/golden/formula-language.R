# Golden fixture for the formula language (models/design/formula*.ts,
# natural-spline.ts, model-frame.ts) and the Cox front end with it
# (models/survival/cox/cox.ts, cox-tt.ts).
#
# R 4.2.2, survival 3.5-3, splines (R 4.2.2), jsonlite. Regenerate from the
# repository root:
#   Rscript test/golden/formula-language.R   # writes test/golden/formula-language.json
#
# Data: the CSVs in datasets/ read with read.csv (character columns stay
# character, collation C), as the TypeScript tests read them.
#
# 1. designs: model.frame(na.omit, drop.unused.levels = TRUE) + model.matrix for
#    formulas with expressions in Surv() and I(), relevel(), factor(levels =),
#    ns() (df, knots, intercept, Boundary.knots with x outside them), logical
#    variables and %in%; as design.R, factors coded as coxph codes them (intercept
#    forced) and the column names checked against coxph(x = TRUE)$x.
#    Compared (test/models/design/formula-language-golden.test.ts): names, assign,
#    row counts, the first rows (relative 1e-13; jsonlite writes 15 significant
#    digits), column sums (relative 1e-12), response.
# 2. fits: coxph with those terms and with tt() (tt = x * log(t), x * t, x * log(t + 20)):
#    n, nevent, coef, se, loglik (relative 1e-6), the three tests and
#    summary()$concordance with its standard error (relative 1e-5).
suppressPackageStartupMessages({ library(survival); library(splines); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")
invisible(Sys.setlocale("LC_COLLATE", "C"))

rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung"); pbc <- rd("pbc"); gbsg <- rd("gbsg"); colon <- rd("colon"); veteran <- rd("veteran")

designs <- list(
  list(data = "pbc", formula = "Surv(time, status == 2) ~ I(age/10) + I(bili - 1) + log(bili + 1) + sex"),
  list(data = "pbc", formula = "Surv(time/365.25, status != 0) ~ I(age > 50) + I(sex == \"f\" & age > 50) + I(-age)"),
  list(data = "lung", formula = "Surv(time, status == 2) ~ relevel(factor(ph.ecog), ref = \"1\") + factor(sex, levels = c(2, 1))"),
  list(data = "lung", formula = "Surv(time, status %in% c(2)) ~ ns(age, df = 3) + I((age - 60)^2) + I(2^-1 * age)"),
  list(data = "lung", formula = "Surv(time, status == 2) ~ ns(age, knots = c(55, 65)) + ns(wt.loss, df = 2):sex"),
  list(data = "gbsg", formula = "nodes ~ ns(age, df = 4, intercept = TRUE) + grade"),
  list(data = "gbsg", formula = "Surv(rfstime, status) ~ ns(age, df = 1) + ns(pgr, knots = c(50, 200), Boundary.knots = c(0, 500))"),
  list(data = "colon", formula = "Surv(time, status) ~ relevel(factor(rx), ref = \"Obs\") + I(nodes >= 4) + log(nodes + 1)"),
  list(data = "lung", formula = "Surv(time, status) ~ I(is.na(wt.loss)) + I(wt.loss %in% c(0, 10)) + I(meal.cal > 1000 | ph.ecog >= 2)"),
  list(data = "lung", formula = "Surv(time, status) ~ relevel(factor(ph.ecog), ref = 2) + I(age %/% 10) + I(age %% 10) + I(pmin(age, 70))"),
  list(data = "pbc", formula = "Surv(time, status == 2) ~ I(abs(age - 50)) + log2(bili) + log(bili, base = 10) + sqrt(bili + 0.5) + exp(-age/50)"),
  list(data = "pbc", formula = "Surv(time, as.numeric(status == 2)) ~ factor(stage, levels = c(4, 3, 2, 1)) + factor(edema > 0)")
)

design_out <- lapply(designs, function(cs) {
  d <- get(cs$data)
  f <- as.formula(cs$formula)
  mf <- model.frame(f, d, na.action = na.omit, drop.unused.levels = TRUE)
  tt <- terms(f)
  surv <- startsWith(cs$formula, "Surv(")
  if (surv) attr(tt, "intercept") <- 1L
  X <- model.matrix(tt, mf)
  if (surv) {
    fit <- suppressWarnings(coxph(f, data = d, x = TRUE))
    stopifnot(identical(colnames(fit$x), setdiff(colnames(X), "(Intercept)")), nrow(fit$x) == nrow(mf))
  }
  keep <- colnames(X) != "(Intercept)"
  assign <- attr(X, "assign")[keep] - 1L
  X <- X[, keep, drop = FALSE]
  y <- mf[[1]]
  nfirst <- min(6, nrow(X))
  res <- list(
    dataset = cs$data, formula = cs$formula,
    labels = I(attr(terms(f), "term.labels")),
    nrow = nrow(mf), nDropped = nrow(d) - nrow(mf),
    rowIndexFirst = I(as.integer(rownames(mf))[seq_len(nfirst)] - 1L),
    columnNames = I(colnames(X)), assign = I(assign),
    firstRows = lapply(seq_len(nfirst), function(i) I(unname(X[i, ]))),
    colSums = I(unname(colSums(X)))
  )
  if (surv) {
    res$timeFirst <- I(unname(y[seq_len(nfirst), "time"]))
    res$statusFirst <- I(unname(y[seq_len(nfirst), "status"]))
    res$statusSum <- sum(y[, "status"])
    res$timeSum <- sum(y[, "time"])
  } else {
    res$yFirst <- I(unname(y[seq_len(nfirst)]))
    res$ySum <- sum(y)
  }
  res
})

ttfun <- list(
  log = function(x, t, ...) x * log(t),
  identity = function(x, t, ...) x * t,
  log20 = function(x, t, ...) x * log(t + 20)
)
fits <- list(
  list(data = "pbc", formula = "Surv(time, status == 2) ~ ns(age, df = 3) + log(bili) + I(albumin - 3.5) + edema"),
  list(data = "lung", formula = "Surv(time, status == 2) ~ relevel(factor(ph.ecog), ref = \"1\") + ns(age, knots = c(55, 65)) + sex"),
  list(data = "gbsg", formula = "Surv(rfstime, status) ~ ns(nodes, df = 2) + I(age/10) + factor(grade, levels = c(3, 2, 1)) + hormon"),
  list(data = "colon", formula = "Surv(time, status) ~ relevel(factor(rx), ref = \"Lev\") + I(nodes >= 4) + strata(etype)"),
  list(data = "lung", formula = "Surv(time, status) ~ ph.karno + tt(ph.karno)", tt = "log"),
  list(data = "lung", formula = "Surv(time, status) ~ age + tt(age) + strata(sex)", tt = "identity"),
  list(data = "veteran", formula = "Surv(time, status) ~ trt + prior + karno + tt(karno)", tt = "log20"),
  list(data = "pbc", formula = "Surv(time, status == 2) ~ age + log(bili) + tt(log(bili))", tt = "log", ties = "breslow")
)
fit_out <- lapply(fits, function(cs) {
  d <- get(cs$data)
  ties <- if (is.null(cs$ties)) "efron" else cs$ties
  args <- list(formula = as.formula(cs$formula), data = d, ties = ties)
  if (!is.null(cs$tt)) args$tt <- ttfun[[cs$tt]]
  fit <- do.call(coxph, args)
  s <- summary(fit)
  wdf <- unname(s$waldtest["df"])
  out <- list(
    dataset = cs$data, formula = cs$formula, ties = ties,
    n = fit$n, nevent = fit$nevent,
    names = I(names(coef(fit))), coef = I(unname(coef(fit))), se = I(unname(sqrt(diag(fit$var)))),
    loglik = I(fit$loglik),
    # summary() rounds the Wald statistic to 2 decimals: take it from the fit.
    lr = I(unname(s$logtest)), wald = I(c(unname(fit$wald.test), wdf, pchisq(unname(fit$wald.test), wdf, lower.tail = FALSE))),
    score = I(unname(s$sctest)),
    concordance = I(unname(s$concordance))
  )
  if (!is.null(cs$tt)) out$tt <- cs$tt
  out
})

write_json(list(
  generated = "R 4.2.2, survival 3.5-3, splines: model.frame + model.matrix; coxph (tt via the tt argument)",
  designs = design_out,
  fits = fit_out
), "test/golden/formula-language.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
