# Golden fixture for target trial emulation (models/causal: person-interval
# rows, pooled logistic hazard models, clone-censor-weight, weighted
# Aalen-Johansen risks with robust variance clustered by patient, weighted Cox
# with cluster(), negative-control calibration).
# R 4.2.2, survival 3.5-3, stats (glm, optim), jsonlite.
# Tolerance used by test/models/causal/tte-golden.test.ts: relative 1e-8 for
# glm coefficients and fitted values, the weights, the risks and their IJ
# standard errors; 1e-7 for coxph coefficients and robust SEs; 1e-5 for the
# calibration ML estimates (optim's BFGS stops there).
#
# Part 1: a weighted, delayed-entry competing-risks data set with clusters:
#   survfit(Surv(start, stop, state) ~ 1, weights = w, id = row, influence = TRUE)
#   gives pstate and the influence of each row; the robust SE clustered by patient
#   is sqrt(sum_i (sum_{rows of i} w_r * influence_r)^2).
# Part 2: coxph(Surv(start, stop, status == 1) ~ arm + cluster(patient), weights = w).
# Part 3: one hand-sized clone-censor-weight analysis reproduced step by step
#   (docs/target-trial.md): 30 patients, grace 90 days, 30-day intervals,
#   horizon 360 days; person-intervals at risk of starting in the grace
#   period; glm(y ~ factor(interval) + age + x, binomial); control clones weight
#   prod_{j<k} 1/(1-h_j), treatment clones 1/h_K after the grace period when they
#   started in its last interval; risks at the horizon per arm (Aalen-Johansen,
#   death competing), risk difference and ratio with IJ variance clustered by
#   patient, hazard ratio from the weighted Cox model with cluster(patient), and
#   the naive "ever started" Cox model.
# Part 4: empirical calibration (Schuemie et al. 2014): ML fit of the normal
#   systematic-error distribution N(mu, tau^2) to negative-control log estimates
#   with standard errors, calibrated p-value and interval of one estimate.
# Regenerate from the repository root: Rscript test/golden/tte.R
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out <- list(R = R.version.string, survival = as.character(packageVersion("survival")))

## Part 1 ------------------------------------------------------------------
set.seed(17)
np <- 40
rows <- do.call(rbind, lapply(seq_len(np), function(i) {
  k <- sample(1:3, 1)
  cuts <- sort(sample(1:200, k))
  start <- c(0, head(cuts, -1)); stop <- cuts
  st <- c(rep(0, k - 1), sample(0:2, 1, prob = c(0.4, 0.4, 0.2)))
  data.frame(patient = i - 1, start = start, stop = stop, status = st, w = round(runif(k, 0.3, 3), 3))
}))
rows$row <- seq_len(nrow(rows))
rows$state <- factor(rows$status, 0:2, c("censor", "a", "b"))
f1 <- survfit(Surv(start, stop, state) ~ 1, data = rows, weights = w, id = row, influence = TRUE)
times <- c(50, 100, 150)
risk_at <- function(fit, t) { j <- max(which(fit$time <= t)); fit$pstate[j, 2] }
clse_at <- function(fit, d, t, n) {
  j <- max(which(fit$time <= t))
  inf <- fit$influence.pstate[, j + 1, 2] * d$w
  u <- tapply(inf, factor(d$patient, levels = 0:(n - 1)), sum); u[is.na(u)] <- 0
  sqrt(sum(u^2))
}
out$part1 <- list(
  rows = rows[, c("patient", "start", "stop", "status", "w")],
  times = times,
  risk = sapply(times, function(t) risk_at(f1, t)),
  clusterSe = sapply(times, function(t) clse_at(f1, rows, t, np)),
  curveTime = f1$time, curveRisk = f1$pstate[, 2], curveCompeting = f1$pstate[, 3]
)

## Part 2 ------------------------------------------------------------------
rows$arm <- as.integer(rows$patient %% 2 == 0 | rows$start > 60)
cx <- coxph(Surv(start, stop, status == 1) ~ arm + cluster(patient), data = rows, weights = w, ties = "efron")
out$part2 <- list(arm = rows$arm, coef = unname(coef(cx)), robustSe = unname(sqrt(diag(vcov(cx)))), naiveSe = unname(sqrt(diag(cx$naive.var))))

## Part 3 ------------------------------------------------------------------
set.seed(2026)
n <- 30
age <- round(rnorm(n, 60, 10))
x <- rbinom(n, 1, 0.5)
# start within 0..200 days for about 70 %, more likely when older and x = 1
p_start <- plogis(-0.5 + 0.05 * (age - 60) + 0.8 * x)
start <- ifelse(runif(n) < p_start, sample(0:200, n, replace = TRUE), Inf)
exit <- sample(20:500, n, replace = TRUE)
status <- sample(0:2, n, replace = TRUE, prob = c(0.4, 0.45, 0.15))
G <- 90; H <- 360; d <- 30
b <- seq(0, H, by = d)            # b[k + 1] = b_k
K <- G / d
intervalOf <- function(t) if (t <= 0) 1 else min(which(b >= t)) - 1
exitH <- pmin(exit, H); statusH <- ifelse(exit <= H, status, 0)
# person-intervals at risk of starting in the grace period
pm <- do.call(rbind, lapply(seq_len(n), function(i) {
  res <- NULL
  for (k in 1:K) {
    if (k > 1 && !(start[i] > b[k] && exitH[i] > b[k])) break
    yk <- as.integer(is.finite(start[i]) && start[i] < exitH[i] && intervalOf(start[i]) == k)
    res <- rbind(res, data.frame(patient = i - 1, interval = k, y = yk))
    if (yk == 1) break
    if (exitH[i] <= b[k + 1]) break
  }
  res
}))
pm$age <- age[pm$patient + 1]; pm$x <- x[pm$patient + 1]
g <- glm(y ~ factor(interval) + age + x, family = binomial, data = pm)
pm$h <- fitted(g)
# weights per patient, arm and interval (1..12)
W <- function(i, arm) {
  f <- rep(1, length(b))            # f[k]: factor of interval k
  r <- pm[pm$patient == i - 1, ]
  for (q in seq_len(nrow(r))) {
    k <- r$interval[q]
    if (arm == 0) f[k] <- 1 / (1 - r$h[q]) else if (k == K) f[k] <- 1 / r$h[q]
  }
  cumprod(c(1, f))[seq_along(b)]    # W_k = prod_{j < k} f_j, k = 1..
}
clones <- do.call(rbind, lapply(seq_len(n), function(i) do.call(rbind, lapply(c(1, 0), function(arm) {
  dev <- if (arm == 1) (if (start[i] <= G) Inf else G) else (if (start[i] <= G) start[i] else Inf)
  Tend <- min(exitH[i], dev)
  st <- if (dev < exitH[i]) 0 else statusH[i]
  if (Tend <= 0) return(NULL)
  w <- W(i, arm)
  a <- b[b < Tend]
  z <- c(b[b < Tend][-1], Tend)
  k <- seq_along(a)
  data.frame(patient = i - 1, arm = arm, start = a, stop = z, status = c(rep(0, length(a) - 1), st), w = w[k])
}))))
clones$row <- seq_len(nrow(clones))
clones$state <- factor(clones$status, 0:2, c("censor", "a", "b"))
arm_fit <- function(a) { dd <- clones[clones$arm == a, ]; list(d = dd, f = survfit(Surv(start, stop, state) ~ 1, data = dd, weights = w, id = row, influence = TRUE)) }
f_t <- arm_fit(1); f_c <- arm_fit(0)
infl <- function(af) {
  j <- max(which(af$f$time <= H))
  inf <- af$f$influence.pstate[, j + 1, 2] * af$d$w
  u <- tapply(inf, factor(af$d$patient, levels = 0:(n - 1)), sum); u[is.na(u)] <- 0
  list(risk = af$f$pstate[j, 2], u = u)
}
it <- infl(f_t); ic <- infl(f_c)
rd <- it$risk - ic$risk; rd_se <- sqrt(sum((it$u - ic$u)^2))
lrr <- log(it$risk / ic$risk); lrr_se <- sqrt(sum((it$u / it$risk - ic$u / ic$risk)^2))
z <- qnorm(0.975)
hr <- coxph(Surv(start, stop, status == 1) ~ arm + cluster(patient), data = clones, weights = w, ties = "efron")
ever <- as.integer(is.finite(start) & start < exitH)
naive <- coxph(Surv(exitH, statusH == 1) ~ ever + age + x, ties = "efron")
out$part3 <- list(
  input = list(exit = exit, status = status, start = ifelse(is.finite(start), start, -1), age = age, x = x, graceDays = G, horizonDays = H, intervalDays = d),
  personIntervals = list(patient = pm$patient, interval = pm$interval, y = pm$y),
  glm = list(terms = names(coef(g)), coef = unname(coef(g)), se = unname(sqrt(diag(vcov(g)))), fitted = unname(pm$h)),
  clones = list(patient = clones$patient, arm = clones$arm, start = clones$start, stop = clones$stop, status = clones$status, w = clones$w),
  riskTreatment = it$risk, riskControl = ic$risk,
  riskDifference = list(estimate = rd, se = rd_se, lower = rd - z * rd_se, upper = rd + z * rd_se),
  riskRatio = list(estimate = exp(lrr), se = lrr_se, lower = exp(lrr - z * lrr_se), upper = exp(lrr + z * lrr_se)),
  hazardRatio = list(coef = unname(coef(hr)), robustSe = unname(sqrt(vcov(hr)[1, 1])), estimate = unname(exp(coef(hr))),
                     lower = unname(exp(coef(hr) - z * sqrt(vcov(hr)[1, 1]))), upper = unname(exp(coef(hr) + z * sqrt(vcov(hr)[1, 1])))),
  naive = list(coef = unname(coef(naive)[1]), se = unname(sqrt(vcov(naive)[1, 1])))
)

## Part 4 ------------------------------------------------------------------
set.seed(5)
nc <- 25
se_nc <- runif(nc, 0.05, 0.4)
theta_nc <- rnorm(nc, 0.15, sqrt(0.1^2 + se_nc^2))
nll <- function(p) { mu <- p[1]; tau <- exp(p[2]); -sum(dnorm(theta_nc, mu, sqrt(tau^2 + se_nc^2), log = TRUE)) }
o <- optim(c(0, log(0.1)), nll, method = "BFGS", control = list(reltol = 1e-14, maxit = 1000))
mu <- o$par[1]; tau <- exp(o$par[2])
theta <- log(0.7); se <- 0.12
zc <- (theta - mu) / sqrt(tau^2 + se^2)
out$part4 <- list(estimates = theta_nc, se = se_nc, mu = mu, tau = tau, logLik = -o$value,
                  theta = theta, thetaSe = se, calibratedP = 2 * pnorm(-abs(zc)),
                  calibratedLower = exp(theta - mu - z * sqrt(tau^2 + se^2)), calibratedUpper = exp(theta - mu + z * sqrt(tau^2 + se^2)))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "test/golden/tte.json")
