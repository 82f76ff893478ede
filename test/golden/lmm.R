# Golden fixture for models/mixed (linear mixed models as lme4::lmer).
# R 4.2.2 Patched, lme4 1.1-31, Matrix 1.5-3, nlme 3.1-162, splines 4.2.2, MASS, jsonlite.
# Every fit is run to convergence:
#   lmer(..., REML = TRUE/FALSE, control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12)))
# (lmer's default stops about 5e-6 short of the optimum); for the correlated
# random-slope models nlme::lme is fitted too, and the script stops unless its
# log-likelihood agrees with lmer's to 1e-6.
# Tolerances used by test/models/mixed/lmm-golden.test.ts: fixed effects,
# their standard errors, random-effect and residual standard deviations 1e-6
# relative; correlations and the log-likelihood 1e-6 absolute; BLUPs, fitted
# values and predictions 1e-6 relative to their largest absolute value; vcov 1e-6
# relative to sqrt(v_rr v_cc); theta 1e-7
# (relative, absolute below 1) against the converged optimum of lme4's own objective
# (thetaOptimum below); the profiled deviance at fixed theta 1e-10 relative (devfunAt).
# Regenerate (from the repository root): Rscript test/golden/lmm.R
# It writes test/golden/lmm.json and the data it fits:
#   lmm-sleepstudy.csv   lme4's sleepstudy (Belenky et al. 2003), as shipped with lme4
#   lmm-trajectories.csv seeded synthetic marker trajectories (PSA/EDSS-like), with
#                        patients of one visit and missing values
#   lmm-singular.csv     seeded data whose random slope variance is estimated as 0
suppressMessages({ library(lme4); library(nlme); library(splines); library(jsonlite) })
ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12))

# (a) sleepstudy
sleep <- as.data.frame(lme4::sleepstudy)
sleep$Subject <- as.character(sleep$Subject)
write.csv(sleep, "test/golden/lmm-sleepstudy.csv", row.names = FALSE)

# (b) synthetic trajectories: correlated random intercept, slope and curvature per patient
set.seed(20261209)
J <- 120
sds <- c(1, 0.4, 0.08)
R <- matrix(c(1, 0.3, -0.2, 0.3, 1, -0.4, -0.2, -0.4, 1), 3)
S <- diag(sds) %*% R %*% diag(sds)
rows <- list()
for (j in 1:J) {
  m <- sample(1:9, 1, prob = c(0.05, 0.05, rep(0.9 / 7, 7)))
  t <- c(0, sort(round(runif(m - 1, 0.1, 6), 2)))
  b <- MASS::mvrnorm(1, c(0, 0, 0), S)
  arm <- sample(c("a", "b"), 1)
  age <- round(rnorm(1, 60, 8))
  y <- 3 + 0.8 * (arm == "b") + 0.02 * (age - 60) + 1.2 * sin(t / 2) + b[1] + b[2] * t + b[3] * t^2 + rnorm(m, 0, 0.4)
  rows[[j]] <- data.frame(id = sprintf("P%03d", j), arm = arm, age = age, time = t, y = round(y, 4))
}
traj <- do.call(rbind, rows)
traj$y[sample(nrow(traj), 6)] <- NA       # missing marker values: dropped (na.omit) and counted
traj$age[traj$id %in% c("P007", "P050")] <- NA
write.csv(traj, "test/golden/lmm-trajectories.csv", row.names = FALSE, na = "")

# (c) singular: random intercept only in truth, (time | id) fitted
set.seed(3)
sing <- data.frame(id = rep(sprintf("S%02d", 1:25), each = 4), time = rep(0:3, 25))
sing$y <- round(10 + rep(rnorm(25, 0, 1), each = 4) + 0.5 * sing$time + rnorm(100, 0, 1), 3)
write.csv(sing, "test/golden/lmm-singular.csv", row.names = FALSE)

num <- function(x) unname(as.numeric(x))
# The converged optimum of lme4's own objective: Newton steps with Richardson-extrapolated
# central differences (step 1e-4) on lmer's devfun over the parameters off their bounds.
# bobyqa's rhoend = 1e-12 stops where rounding noise of the deviance hides further progress
# (about 1e-7 in theta); these steps do not depend on it.
newtonOptimum <- function(devfun, th, lower) {
  for (it in 1:3) {
    h <- 1e-4 * pmax(1, abs(th))
    free <- which(th - h >= lower)
    if (!length(free)) break
    e <- function(k, s) { v <- numeric(length(th)); v[k] <- s; v }
    D <- function(k, hk) (devfun(th + e(k, hk)) - devfun(th - e(k, hk))) / (2 * hk)
    g <- sapply(free, function(k) (4 * D(k, h[k] / 2) - D(k, h[k])) / 3)
    H <- matrix(0, length(free), length(free))
    for (a in seq_along(free)) for (b in seq_along(free)) {
      ka <- free[a]; kb <- free[b]
      H[a, b] <- (devfun(th + e(ka, h[ka]) + e(kb, h[kb])) - devfun(th + e(ka, h[ka]) - e(kb, h[kb])) -
                  devfun(th - e(ka, h[ka]) + e(kb, h[kb])) + devfun(th - e(ka, h[ka]) - e(kb, h[kb]))) / (4 * h[ka] * h[kb])
    }
    th[free] <- th[free] - solve(H, g)
  }
  th
}
summ <- function(fit, newdata = NULL) {
  co <- summary(fit)$coefficients
  vc <- VarCorr(fit)
  g <- names(vc)[1]
  v <- vc[[1]]
  sd <- attr(v, "stddev")
  co_r <- attr(v, "correlation")
  corr <- if (length(sd) == 1) NULL else if (length(sd) == 2) co_r[1, 2] else unname(co_r)
  re <- ranef(fit)[[1]]
  out <- list(
    formula = paste(deparse(formula(fit), width.cutoff = 500), collapse = ""),
    reml = isREML(fit),
    fixef = list(term = rownames(co), estimate = num(co[, 1]), se = num(co[, 2])),
    group = g,
    sdNames = names(sd),
    sd = num(sd),
    corr = corr,
    residualSd = sigma(fit),
    loglik = num(logLik(fit)),
    theta = num(getME(fit, "theta")),
    nobs = nobs(fit),
    ngroups = num(ngrps(fit)),
    singular = isSingular(fit),
    ranef = list(group = rownames(re), values = lapply(seq_len(ncol(re)), function(k) num(re[, k]))),
    fitted = num(fitted(fit)),
    vcov = unname(as.matrix(vcov(fit)))
  )
  devfun <- update(fit, devFunOnly = TRUE)
  th <- getME(fit, "theta")
  out$thetaOptimum <- num(newtonOptimum(devfun, th, getME(fit, "lower")))
  # lme4's objective at fixed theta: the start (T = I) and a point halfway to the optimum.
  start <- ifelse(getME(fit, "lower") == 0, 1, 0)
  out$devfunAt <- list(theta = list(num(start), num((start + th) / 2)), value = c(devfun(start), devfun((start + th) / 2)))
  if (!is.null(newdata)) {
    out$newdata <- newdata
    out$predict <- num(predict(fit, newdata = newdata))
    out$predictPopulation <- num(predict(fit, newdata = newdata, re.form = NA))
  }
  out
}

sleepNew <- data.frame(Subject = c("308", "308", "309", "372"), Days = c(0, 2.5, 12, 4.25))
trajNew <- data.frame(id = c("P001", "P001", "P002", "P120"), arm = c("a", "a", "b", "b"),
                      age = c(60, 60, 55, 70), time = c(0, 1.5, 7, 3.25))
trajNew$arm[1:2] <- traj$arm[traj$id == "P001"][1]
trajNew$arm[3] <- traj$arm[traj$id == "P002"][1]
trajNew$arm[4] <- traj$arm[traj$id == "P120"][1]

fits <- list(
  sleepReml = summ(lmer(Reaction ~ Days + (Days | Subject), sleep, REML = TRUE, control = ctl), sleepNew),
  sleepMl = summ(lmer(Reaction ~ Days + (Days | Subject), sleep, REML = FALSE, control = ctl), sleepNew),
  sleepIntercept = summ(lmer(Reaction ~ Days + (1 | Subject), sleep, REML = TRUE, control = ctl)),
  sleepSlopeOnly = summ(lmer(Reaction ~ Days + (0 + Days | Subject), sleep, REML = TRUE, control = ctl)),
  trajReml = summ(lmer(y ~ arm + age + ns(time, df = 3) + (time | id), traj, REML = TRUE, control = ctl), trajNew),
  trajMl = summ(lmer(y ~ arm + age + ns(time, df = 3) + (time | id), traj, REML = FALSE, control = ctl), trajNew),
  trajIntercept = summ(lmer(y ~ arm + time + (1 | id), traj, REML = TRUE, control = ctl)),
  trajInterceptMl = summ(lmer(y ~ arm + time + (1 | id), traj, REML = FALSE, control = ctl)),
  trajQuadratic = summ(lmer(y ~ ns(time, df = 3) + (1 + time + I(time^2) | id), traj, REML = TRUE, control = ctl)),
  singular = summ(lmer(y ~ time + (time | id), sing, REML = TRUE, control = ctl))
)
fits$trajReml$nDropped <- sum(!complete.cases(traj[, c("y", "arm", "age", "time", "id")]))

# nlme::lme agrees with the tight lmer fits (the issue's check of "converged").
# lme evaluates ns() after dropping incomplete rows (lmer before), so both fit
# the complete rows of the trajectories here.
lmeCtl <- lmeControl(maxIter = 200, msMaxIter = 200, tolerance = 1e-12, msTol = 1e-14, niterEM = 100)
chk <- function(fixed, random, data, reml) {
  a <- as.numeric(logLik(lmer(as.formula(paste0(deparse(fixed), " + (", random, ")")), data, REML = reml, control = ctl)))
  b <- as.numeric(logLik(lme(fixed, random = as.formula(paste("~", random)), data = data,
                             method = if (reml) "REML" else "ML", control = lmeCtl)))
  if (abs(a - b) > 1e-6) stop(sprintf("lme and lmer differ in logLik by %g for %s", abs(a - b), deparse(fixed)))
  abs(a - b)
}
trajComplete <- na.omit(traj)
agree <- c(
  sleepReml = chk(Reaction ~ Days, "Days | Subject", sleep, TRUE),
  sleepMl = chk(Reaction ~ Days, "Days | Subject", sleep, FALSE),
  trajReml = chk(y ~ arm + age + ns(time, df = 3), "time | id", trajComplete, TRUE),
  trajMl = chk(y ~ arm + age + ns(time, df = 3), "time | id", trajComplete, FALSE)
)

out <- list(
  versions = list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
                  nlme = as.character(packageVersion("nlme")), Matrix = as.character(packageVersion("Matrix"))),
  lmeLoglikDifference = as.list(agree),
  fits = fits
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", pretty = FALSE), "test/golden/lmm.json")
