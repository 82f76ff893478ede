# Golden fixture for models/causal (propensity scores, IP weights, balance,
# weighted Cox and weighted count models with robust variance).
# R 4.2.2, survival 3.5-3, MASS (recommended package shipped with R 4.2.2).
# sandwich 3.0-2 (version also written into the JSON): the robust SEs of the weighted glm
# fits are sandwich::sandwich(fit) (HC0); a hand computation (estfun.glm: working
# residuals times working weights times X; bread: summary(fit)$cov.unscaled)
# is checked against it with stopifnot.
# Data: datasets/gbsg.csv (survival 3.5-3 gbsg, exported unchanged), treatment = hormon.
# Tolerance used by test/models/causal/causal-golden.test.ts: relative 1e-6
# (1e-8 for the weighted Poisson and negative-binomial fits and their sandwich SEs).
# Binary covariates have no variance ratio: written as the string "NA" by jsonlite.
# Regenerate from the repository root: Rscript test/golden/causal-iptw.R
suppressPackageStartupMessages({ library(survival); library(MASS); library(jsonlite); library(sandwich) })
d <- read.csv("datasets/gbsg.csv")
ps_fit <- glm(hormon ~ age + meno + size + grade + nodes + pgr + er, family = binomial, data = d)
ps <- fitted(ps_fit)
t <- d$hormon
p1 <- mean(t)
w_ate <- ifelse(t == 1, 1 / ps, 1 / (1 - ps))
w_sate <- ifelse(t == 1, p1 / ps, (1 - p1) / (1 - ps))
w_att <- ifelse(t == 1, 1, ps / (1 - ps))
w_ato <- ifelse(t == 1, 1 - ps, ps)
q <- quantile(w_ate, c(0.01, 0.99), type = 7)
w_trunc <- pmin(pmax(w_ate, q[1]), q[2])

# balance: SMD with the unweighted pooled SD, weighted means; reliability-weighted variances; binary p(1-p)
wvar <- function(x, w, binary) {
  m <- sum(w * x) / sum(w)
  if (binary) return(m * (1 - m))
  sum(w * (x - m)^2) / (sum(w) - sum(w^2) / sum(w))
}
covs <- c("age", "meno", "size", "grade", "nodes", "pgr", "er")
bal <- lapply(covs, function(v) {
  x <- d[[v]]; binary <- all(x %in% c(0, 1)); one <- rep(1, length(x))
  s <- sqrt((wvar(x[t == 1], one[t == 1], binary) + wvar(x[t == 0], one[t == 0], binary)) / 2)
  wm <- function(w, a) sum(w[t == a] * x[t == a]) / sum(w[t == a])
  list(covariate = v, binary = binary,
       smdBefore = (wm(one, 1) - wm(one, 0)) / s,
       smdAfter = (wm(w_ate, 1) - wm(w_ate, 0)) / s,
       varianceRatioAfter = if (binary) NA_real_ else wvar(x[t == 1], w_ate[t == 1], FALSE) / wvar(x[t == 0], w_ate[t == 0], FALSE))
})

cox <- coxph(Surv(rfstime, status) ~ hormon, data = d, weights = w_ate, robust = TRUE)
cox_int <- coxph(Surv(rfstime, status) ~ hormon + factor(grade) + hormon:factor(grade), data = d, weights = w_ate, robust = TRUE)
ii <- grep("^hormon:", names(coef(cox_int)))
b <- coef(cox_int)[ii]; V <- vcov(cox_int)[ii, ii]
int_stat <- as.numeric(t(b) %*% solve(V) %*% b)
sub <- lapply(sort(unique(d$grade)), function(g) {
  f <- coxph(Surv(rfstime, status) ~ hormon, data = d[d$grade == g, ], weights = w_ate[d$grade == g], robust = TRUE)
  list(level = as.character(g), coef = unname(coef(f)), robustSe = unname(sqrt(diag(vcov(f)))))
})

# HC0 sandwich exactly as sandwich::sandwich(fit) (estfun.glm, bread.glm), dispersion 1:
# scores = working residuals * working weights (both as stored in the glm fit) * X.
hc0 <- function(fit) {
  s <- model.matrix(fit) * as.vector(residuals(fit, "working") * weights(fit, "working"))
  B <- summary(fit, dispersion = 1)$cov.unscaled
  B %*% crossprod(s) %*% B
}
d$years <- d$rfstime / 365.25
pois <- glm(status ~ hormon + offset(log(years)), family = poisson, data = d, weights = w_ate)
nb <- suppressWarnings(glm.nb(nodes ~ hormon, data = d, weights = w_ate))
stopifnot(isTRUE(all.equal(hc0(pois), sandwich(pois), check.attributes = FALSE, tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(hc0(nb), sandwich(nb), check.attributes = FALSE, tolerance = 1e-12)))
out <- list(
  call_ps = "glm(hormon ~ age + meno + size + grade + nodes + pgr + er, family = binomial, data = gbsg)",
  ps_coef = unname(coef(ps_fit)), ps_se = unname(sqrt(diag(vcov(ps_fit)))), ps_names = names(coef(ps_fit)),
  ps_deviance = deviance(ps_fit), ps_iter = ps_fit$iter,
  ps = unname(ps), w_ate = unname(w_ate), w_sate = unname(w_sate), w_att = unname(w_att), w_ato = unname(w_ato),
  w_trunc = unname(w_trunc), balance = bal,
  call_cox = "coxph(Surv(rfstime, status) ~ hormon, weights = w_ate, robust = TRUE)",
  cox_coef = unname(coef(cox)), cox_robust_se = unname(sqrt(diag(vcov(cox)))), cox_naive_se = unname(sqrt(diag(cox$naive.var))),
  call_cox_int = "coxph(Surv(rfstime, status) ~ hormon + factor(grade) + hormon:factor(grade), weights = w_ate, robust = TRUE)",
  cox_int_names = names(coef(cox_int)), cox_int_coef = unname(coef(cox_int)), int_stat = int_stat, int_df = length(ii),
  subgroups = sub,
  call_pois = "glm(status ~ hormon + offset(log(rfstime/365.25)), family = poisson, weights = w_ate); sandwich::sandwich(fit)",
  pois_coef = unname(coef(pois)), pois_robust_se = unname(sqrt(diag(sandwich(pois)))),
  call_nb = "MASS::glm.nb(nodes ~ hormon, weights = w_ate); sandwich::sandwich(fit) (theta fixed)",
  nb_coef = unname(coef(nb)), nb_theta = nb$theta, nb_robust_se = unname(sqrt(diag(sandwich(nb)))), sandwich_version = as.character(packageVersion("sandwich"))
)
write_json(out, "test/golden/causal-iptw.json", digits = NA, auto_unbox = TRUE, pretty = FALSE)
