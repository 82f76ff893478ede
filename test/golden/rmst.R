# Golden fixture for RMST (test/models/survival/kaplan-meier/rmst.test.ts).
# R 4.2.2, survival 3.5-3, jsonlite. Data: datasets/*.csv (exported unchanged from survival 3.5-3).
# survRM2 is not installed: per-group RMST and se come from survival's
# summary(survfit(...), rmean = tau)$table (the same formulas as survRM2::rmst1); the
# two-group difference/ratio are computed here in R with survRM2's formulas
# (diff = rmst2 - rmst1, se = sqrt(se1^2 + se2^2); log ratio se by the delta method; Wald p).
# Tolerance used by the tests: RMST 1e-6 relative, standard errors and p-values 1e-5 relative.
# Regenerate from the repository root:  Rscript test/golden/rmst.R   (writes test/golden/rmst.json)
suppressMessages({ library(survival); library(jsonlite) })
rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung"); gbsg <- rd("gbsg"); veteran <- rd("veteran")
case <- function(id, data, formula, tau = NULL) {
  d <- get(data)
  fit <- survfit(as.formula(formula), data = d)
  if (is.null(tau)) {
    last <- if (is.null(fit$strata)) max(fit$time) else sapply(split(fit$time, rep(seq_along(fit$strata), fit$strata)), max)
    tau <- min(last)
  }
  tab <- summary(fit, rmean = tau)$table
  if (is.null(dim(tab))) tab <- matrix(tab, nrow = 1, dimnames = list("all", names(tab)))
  out <- list(id = id, data = data, formula = formula, tau = tau,
              labels = if (is.null(fit$strata)) "all" else names(fit$strata),
              rmean = unname(tab[, "rmean"]), se = unname(tab[, "se(rmean)"]))
  if (nrow(tab) == 2) {
    z <- qnorm(0.975)
    r1 <- out$rmean[1]; r2 <- out$rmean[2]; s1 <- out$se[1]; s2 <- out$se[2]
    diff <- r2 - r1; se <- sqrt(s1^2 + s2^2)
    lr <- log(r2 / r1); sel <- sqrt(s1^2 / r1^2 + s2^2 / r2^2)
    out$contrast <- list(difference = diff, se = se, lower = diff - z * se, upper = diff + z * se,
                         p = 2 * pnorm(-abs(diff / se)), ratio = r2 / r1, lower.ratio = exp(lr - z * sel),
                         upper.ratio = exp(lr + z * sel), p.ratio = 2 * pnorm(-abs(lr / sel)))
  }
  out
}
cases <- list(
  case("lung-sex-365", "lung", "Surv(time, status) ~ sex", tau = 365),
  case("lung-sex-default", "lung", "Surv(time, status) ~ sex"),
  case("lung-1-1000", "lung", "Surv(time, status) ~ 1", tau = 1000),
  case("lung-1-max", "lung", "Surv(time, status) ~ 1", tau = 1022),
  case("gbsg-grade-1825", "gbsg", "Surv(rfstime, status) ~ grade", tau = 1825),
  case("gbsg-hormon-default", "gbsg", "Surv(rfstime, status) ~ hormon"),
  case("veteran-trt-100.5", "veteran", "Surv(time, status) ~ trt", tau = 100.5)
)
write_json(cases, "test/golden/rmst.json", digits = NA, auto_unbox = TRUE, null = "null", na = "null")
