# Golden fixtures for the Cox proportional-hazards fit (models/survival/cox*.ts).
#
# R 4.2.2, survival 3.5-3, jsonlite. Regenerate from the repository root with:
#   Rscript test/golden/cox.R      (writes test/golden/cox.json)
# Data: the CSVs in datasets/ (exported unchanged from survival 3.5-3), read
# with read.csv so that R and the TypeScript tests see identical values;
# factor levels are set to survival's own level order (the tests pass the same
# order through the `factors` option).
# Tolerances used by test/models/survival/cox/cox-golden.test.ts: coefficients and
# loglik 1e-6 relative, standard errors / p values / tests 1e-5 relative,
# concordance and its std 1e-6 relative.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")

rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung")
lung$w_int <- 1 + ((seq_len(nrow(lung)) - 1) %% 3)
lung$w_frac <- 0.5 + ((seq_len(nrow(lung)) - 1) %% 4) / 4
lung$off <- lung$ph.karno / 100
lung$agesex <- lung$age + lung$sex
gbsg <- rd("gbsg")
rotterdam <- rd("rotterdam")
rotterdam$size <- factor(rotterdam$size, levels = c("<=20", "20-50", ">50"))
veteran <- rd("veteran")
veteran$celltype <- factor(veteran$celltype, levels = c("squamous", "smallcell", "adeno", "large"))
pbc <- rd("pbc")
pbc$dead <- as.numeric(pbc$status == 2)
heart <- rd("heart")
heart$transplant <- factor(heart$transplant, levels = c("0", "1"))
cgd <- rd("cgd")
cgd$treat <- factor(cgd$treat, levels = c("placebo", "rIFN-g"))
cgd$sex <- factor(cgd$sex, levels = c("male", "female"))
colon <- rd("colon")
colon$rx <- factor(colon$rx, levels = c("Obs", "Lev", "Lev+5FU"))
# Monotone likelihood: x = 1 exactly for the 10 earliest deaths.
mono <- data.frame(time = 1:20, status = rep(1, 20), x = as.numeric(1:20 <= 10), z = c(0.3, -1.2, 0.8, 1.1, -0.4, 0.05, 0.9, -0.7, 0.2, 1.4, -0.1, 0.6, -0.9, 0.35, 1.0, -0.25, 0.45, -1.1, 0.15, 0.7))

na <- function(x) ifelse(is.finite(x), x, NA)
runfit <- function(name, dataset, formula, ties = "efron", weights = NULL, iter.max = 20, extra = list()) {
  warns <- character(0)
  data <- get(dataset)
  fit <- withCallingHandlers({
    args <- list(formula = as.formula(formula), data = data, ties = ties,
                 control = coxph.control(iter.max = iter.max))
    if (!is.null(weights)) args$weights <- data[[weights]]
    do.call(coxph, args)
  }, warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  s <- summary(fit)
  cf <- s$coefficients
  robust <- !is.null(fit$naive.var)
  naive <- if (robust) fit$naive.var else fit$var
  out <- list(
    name = name, dataset = dataset, formula = formula, ties = ties, weights = weights, iterMax = iter.max,
    call = paste0("coxph(", formula, ", data = ", dataset, ", ties = '", ties, "'",
                  if (!is.null(weights)) paste0(", weights = ", weights) else "",
                  if (iter.max != 20) paste0(", iter.max = ", iter.max) else "", ")"),
    n = fit$n, nevent = fit$nevent,
    names = names(coef(fit)),
    coef = unname(na(coef(fit))),
    se = unname(na(sqrt(diag(naive)))),
    robustSe = if (robust) unname(na(sqrt(diag(fit$var)))) else NULL,
    z = unname(na(cf[, "z"])), p = unname(na(cf[, "Pr(>|z|)"])),
    lower = unname(na(s$conf.int[, 3])), upper = unname(na(s$conf.int[, 4])),
    loglik = fit$loglik, score = fit$score, wald = unname(fit$wald.test),
    rscore = if (robust) fit$rscore else NULL,
    logtest = unname(s$logtest), sctest = unname(s$sctest), waldtest = unname(s$waldtest),
    iter = fit$iter,
    concordance = unname(fit$concordance),
    means = unname(fit$means),
    lp = unname(fit$linear.predictors),
    var = as.vector(fit$var),
    warnings = warns
  )
  c(out, extra)
}

cases <- list(
  runfit("lung_efron", "lung", "Surv(time, status) ~ age + sex + ph.ecog"),
  runfit("lung_breslow", "lung", "Surv(time, status) ~ age + sex + ph.ecog", ties = "breslow"),
  runfit("lung_strata", "lung", "Surv(time, status) ~ age + sex + ph.ecog + strata(inst)"),
  runfit("lung_strata_breslow", "lung", "Surv(time, status) ~ age + sex + strata(inst)", ties = "breslow"),
  runfit("gbsg", "gbsg", "Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon"),
  runfit("rotterdam", "rotterdam", "Surv(rtime, recur) ~ age + meno + size + grade + nodes + pgr + er + hormon + chemo"),
  runfit("veteran", "veteran", "Surv(time, status) ~ trt + celltype + karno"),
  runfit("pbc", "pbc", "Surv(time, dead) ~ age + edema + log(bili) + albumin + log(protime)"),
  runfit("heart_efron", "heart", "Surv(start, stop, event) ~ age + transplant + surgery"),
  runfit("heart_breslow", "heart", "Surv(start, stop, event) ~ age + transplant + surgery", ties = "breslow"),
  runfit("cgd_cluster", "cgd", "Surv(tstart, tstop, status) ~ treat + sex + age + cluster(id)"),
  runfit("colon_cluster", "colon", "Surv(time, status) ~ rx + age + nodes + cluster(id)"),
  runfit("lung_weights_int", "lung", "Surv(time, status) ~ age + sex + ph.ecog", weights = "w_int"),
  runfit("lung_weights_frac", "lung", "Surv(time, status) ~ age + sex", weights = "w_frac"),
  runfit("lung_weights_breslow", "lung", "Surv(time, status) ~ age + sex + ph.ecog", ties = "breslow", weights = "w_int"),
  runfit("lung_offset", "lung", "Surv(time, status) ~ age + sex + offset(off)"),
  runfit("lung_collinear", "lung", "Surv(time, status) ~ age + sex + agesex"),
  runfit("monotone", "mono", "Surv(time, status) ~ x + z", extra = list(data = as.list(mono))),
  runfit("lung_iter1", "lung", "Surv(time, status) ~ age + sex + ph.ecog", iter.max = 1),
  runfit("lung_iter2", "lung", "Surv(time, status) ~ age + sex + ph.ecog", iter.max = 2),
  runfit("heart_iter2", "heart", "Surv(start, stop, event) ~ age + transplant + surgery", iter.max = 2)
)
# predict.coxph on the first 10 rows of lung (newdata) and on the fitted rows.
fit1 <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
fit2 <- coxph(Surv(time, status) ~ age + sex + ph.ecog + strata(inst), data = lung)
fit3 <- coxph(Surv(time, status) ~ age + sex + offset(off), data = lung)
nd <- lung[1:10, ]
predictions <- list(
  list(name = "lp_newdata", fit = "lung_efron", call = "predict(fit, newdata = lung[1:10, ], type = 'lp')",
       reference = "strata", type = "lp", rows = 1:10, value = unname(predict(fit1, newdata = nd, type = "lp"))),
  list(name = "risk_newdata", fit = "lung_efron", call = "predict(fit, newdata = lung[1:10, ], type = 'risk')",
       reference = "strata", type = "risk", rows = 1:10, value = unname(predict(fit1, newdata = nd, type = "risk"))),
  list(name = "strata_lp_newdata", fit = "lung_strata", call = "predict(fit, newdata = lung[1:10, ], type = 'lp')",
       reference = "strata", type = "lp", rows = 1:10, value = unname(predict(fit2, newdata = nd, type = "lp"))),
  list(name = "strata_lp_sample", fit = "lung_strata", call = "predict(fit, newdata = lung[1:10, ], reference = 'sample')",
       reference = "sample", type = "lp", rows = 1:10, value = unname(predict(fit2, newdata = nd, reference = "sample"))),
  list(name = "strata_lp_fitted", fit = "lung_strata", call = "predict(fit, type = 'lp')",
       reference = "strata", type = "lp", rows = NULL, value = unname(predict(fit2, type = "lp"))),
  list(name = "zero_risk_newdata", fit = "lung_efron", call = "predict(fit, newdata = lung[1:10, ], type = 'risk', reference = 'zero')",
       reference = "zero", type = "risk", rows = 1:10, value = unname(predict(fit1, newdata = nd, type = "risk", reference = "zero")))
)
write_json(list(
  generated = "Rscript test/golden/cox.R",
  R = R.version.string, survival = as.character(packageVersion("survival")),
  cases = cases, predictions = predictions
), "test/golden/cox.json", digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE)
cat("wrote test/golden/cox.json with", length(cases), "cases\n")
