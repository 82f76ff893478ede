# Golden fixture for models/survival cumulativeIncidence (cmprsk::cuminc,
# cmprsk::timepoints, Gray's test) and fineGray (cmprsk::crr, predict.crr).
#
# Generated with R 4.2.2, survival 3.5-3, cmprsk 2.2-11, jsonlite.
# Regenerate from the repository root:
#   Rscript test/golden/cmprsk.R      # writes test/golden/cmprsk.json
# Tolerances used by the tests (test/models/survival/*.test.ts):
#   cuminc estimates, variances, Gray statistics: 1e-9 relative;
#   crr coefficients and log-likelihoods: 1e-6 relative; se, p, predictions: 1e-5 relative.
# p-values are written with the accurate upper tails (pchisq(lower.tail = FALSE),
# 2 * pnorm(-|z|)); cmprsk prints 1 - pchisq(...) and 2 * (1 - pnorm(|z|)),
# which agree to about 1e-16 absolute.
suppressPackageStartupMessages({ library(survival); library(cmprsk); library(jsonlite) })
stopifnot(packageVersion("cmprsk") == "2.2.11")

mgus2 <- read.csv("datasets/mgus2.csv")
mgus2$etime <- ifelse(mgus2$pstat == 0, mgus2$futime, mgus2$ptime)
mgus2$event <- ifelse(mgus2$pstat == 0, 2 * mgus2$death, 1)
pbc <- read.csv("datasets/pbc.csv")
pbc <- pbc[!is.na(pbc$trt), ]

ci_case <- function(name, dataset, d, time, event, group, strata = NULL, rho = 0, times) {
  fit <- if (is.null(strata)) cuminc(d[[time]], d[[event]], d[[group]], rho = rho)
         else cuminc(d[[time]], d[[event]], d[[group]], strata = d[[strata]], rho = rho)
  tests <- fit$Tests
  curves <- fit[names(fit) != "Tests"]
  tp <- timepoints(fit, times)
  list(
    name = name, dataset = dataset,
    formula = sprintf("Surv(%s, %s) ~ %s", time, event, group),
    strata = if (is.null(strata)) NA else strata, rho = rho,
    curves = lapply(names(curves), function(nm) list(label = nm, time = curves[[nm]]$time,
                    est = curves[[nm]]$est, var = curves[[nm]]$var)),
    tests = lapply(seq_len(nrow(tests)), function(i) list(cause = rownames(tests)[i],
                   stat = tests[i, "stat"], df = tests[i, "df"],
                   p = pchisq(tests[i, "stat"], tests[i, "df"], lower.tail = FALSE))),
    at = list(times = sort(unique(times)), labels = rownames(tp$est),
              est = lapply(seq_len(nrow(tp$est)), function(i) unname(tp$est[i, ])),
              var = lapply(seq_len(nrow(tp$var)), function(i) unname(tp$var[i, ])))
  )
}

cuminc_cases <- list(
  ci_case("mgus2 by sex", "mgus2", mgus2, "etime", "event", "sex",
          times = c(-1, 0, 12, 60, 120, 240, 300, 424, 500)),
  ci_case("mgus2 by sex, rho = 1", "mgus2", mgus2, "etime", "event", "sex", rho = 1,
          times = c(60, 120)),
  ci_case("pbc by trt", "pbc", pbc, "time", "status", "trt",
          times = c(365, 1000, 2000, 3000, 4000, 4556)),
  ci_case("pbc by trt, strata sex", "pbc", pbc, "time", "status", "trt", strata = "sex",
          times = c(1000, 3000)),
  ci_case("pbc by stage, strata sex", "pbc", pbc[!is.na(pbc$stage), ], "time", "status", "stage",
          strata = "sex", times = c(1000, 3000))
)

crr_case <- function(name, d, terms, cause) {
  form <- as.formula(paste("~", paste(terms, collapse = " + ")))
  dd <- d[complete.cases(d[, c("etime", "event", terms)]), ]
  x <- model.matrix(form, dd)[, -1, drop = FALSE]
  fit <- crr(dd$etime, dd$event, x, failcode = cause, cencode = 0)
  s <- summary(fit)
  se <- sqrt(diag(fit$var))
  z <- fit$coef / se
  newx <- rbind(colMeans(x), x[1, ], x[2, ])
  pr <- predict(fit, newx)
  list(
    name = name, dataset = "mgus2",
    formula = paste("Surv(etime, event) ~", paste(terms, collapse = " + ")),
    cause = cause, n = fit$n, nMissing = fit$n.missing,
    terms = colnames(x), coef = unname(fit$coef), se = unname(se), z = unname(z),
    p = unname(2 * pnorm(-abs(z))),
    lower95 = unname(s$conf.int[, 3]), upper95 = unname(s$conf.int[, 4]),
    loglik = fit$loglik, loglikNull = fit$loglik.null, converged = fit$converged,
    score = unname(fit$score), inf = lapply(seq_len(nrow(fit$inf)), function(i) fit$inf[i, ]),
    predict = list(cov = lapply(seq_len(nrow(newx)), function(i) unname(newx[i, ])),
                   time = unname(pr[, 1]),
                   cif = lapply(2:ncol(pr), function(j) unname(pr[, j])))
  )
}

crr_cases <- list(
  crr_case("mgus2 progression ~ age + sex + hgb", mgus2, c("age", "sex", "hgb"), 1),
  crr_case("mgus2 death ~ age + sex + hgb", mgus2, c("age", "sex", "hgb"), 2),
  crr_case("mgus2 progression ~ age + sex + mspike", mgus2, c("age", "sex", "mspike"), 1)
)

write_json(list(cuminc = cuminc_cases, crr = crr_cases), "test/golden/cmprsk.json",
           digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE)
