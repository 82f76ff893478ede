# Golden fixture for models/risk/coxnet*.ts (penalized Cox as glmnet family = "cox").
# R 4.2.2, glmnet 4.1-6, survival 3.5-3, jsonlite. Regenerate from the repo root:
#   Rscript test/golden/coxnet.R        (writes test/golden/coxnet.json)
# Tests (test/models/risk/coxnet-golden.test.ts) compare: the lambda sequence (relative 1e-6),
# coefficients along the whole path and at interpolated s (absolute 1e-4 * max(1, |b|),
# the issue's tolerance), df (exact), dev.ratio (absolute 1e-5), cv.glmnet cvm/cvsd
# (relative 1e-4) and lambda.min / lambda.1se (same index).
# Data: gbsg (survival 3.5-3, datasets/gbsg.csv) with
#   Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon;
# gbsg has 39 rows censored at an event time. glmnet intends censored rows to be
# at risk at their own time (coxnet adds 100 * .Machine$double.eps to censored
# times) but that shift is lost at day-scale times, so the order among ties in
# its Fortran sort decides; we make the rule explicit by shifting censored
# times by 0.1 day (case 'gbsg'); the unshifted glmnet result is kept as
# 'gbsg_rawties' for the record only (not compared).
# Synthetic data: set.seed below, written into the fixture (x, time, status) so the test
# needs no R random numbers.
suppressPackageStartupMessages({ library(glmnet); library(survival); library(jsonlite) })
d <- read.csv("datasets/gbsg.csv")
X <- model.matrix(~ age + meno + size + factor(grade) + nodes + pgr + er + hormon, d)[, -1]
mat_list <- function(b) lapply(seq_len(ncol(b)), function(k) as.numeric(b[, k]))

run_case <- function(name, x, time, status, alpha, s, foldid = NULL, store_data = FALSE, lambda = NULL) {
  y <- Surv(time, status)
  fit <- if (is.null(lambda)) glmnet(x, y, family = "cox", alpha = alpha) else glmnet(x, y, family = "cox", alpha = alpha, lambda = lambda)
  out <- list(name = name, alpha = alpha,
              call = sprintf("glmnet(x, Surv(time, status), family = 'cox', alpha = %s%s)", alpha, if (is.null(lambda)) "" else ", lambda = lambda"),
              lambda = as.numeric(fit$lambda), df = as.integer(fit$df), dev_ratio = as.numeric(fit$dev.ratio),
              nulldev = fit$nulldev, beta = mat_list(as.matrix(fit$beta)),
              s = s, coef_s = mat_list(as.matrix(coef(fit, s = s))), user_lambda = if (is.null(lambda)) NULL else lambda)
  if (!is.null(foldid)) {
    cv <- if (is.null(lambda)) cv.glmnet(x, y, family = "cox", alpha = alpha, foldid = foldid) else cv.glmnet(x, y, family = "cox", alpha = alpha, foldid = foldid, lambda = lambda)
    out$cv <- list(call = "cv.glmnet(x, y, family = 'cox', alpha = alpha, foldid = foldid)", foldid = as.integer(foldid),
                   lambda = as.numeric(cv$lambda), cvm = as.numeric(cv$cvm), cvsd = as.numeric(cv$cvsd),
                   lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se, nzero = as.integer(cv$nzero))
  }
  if (store_data) out$data <- name
  out
}
data_of <- function(x, time, status) list(x = lapply(seq_len(ncol(x)), function(j) as.numeric(x[, j])), time = time, status = status)

cases <- list()
tg <- d$rfstime + 0.1 * (d$status == 0)
set.seed(20240501)
fold_g <- sample(rep(1:10, length.out = nrow(d)))
cases[[length(cases) + 1]] <- run_case("gbsg", X, tg, d$status, 1, c(0.05, 0.01, 0.002), foldid = fold_g)
cases[[length(cases) + 1]] <- run_case("gbsg", X, tg, d$status, 0.5, c(0.08, 0.015, 0.003), foldid = fold_g)
raw <- glmnet(X, Surv(d$rfstime, d$status), family = "cox", alpha = 1)
rawties <- list(name = "gbsg_rawties", note = "unshifted times, for the record", lambda = as.numeric(raw$lambda),
                coef_s = mat_list(as.matrix(coef(raw, s = c(0.05, 0.01, 0.002)))))

# Synthetic, n > p: 50 correlated covariates, 6 with effects, exponential times, uniform censoring.
set.seed(7)
n <- 200; p <- 50
Z <- matrix(rnorm(n * p), n, p)
Xs <- Z + 0.3 * Z[, 1]  # mild correlation
Xs[, 3] <- rbinom(n, 1, 0.4)
Xs[, 7] <- round(Xs[, 7], 1)
beta <- c(0.8, -0.6, 0.5, 0, 0.4, rep(0, 10), -0.3, rep(0, p - 16))
tt <- rexp(n, exp(drop(Xs %*% beta)) * 0.1)
cc <- runif(n, 0, 25)
time <- pmin(tt, cc); status <- as.numeric(tt <= cc)
fold_s <- sample(rep(1:10, length.out = n))
cases[[length(cases) + 1]] <- run_case("synthetic_p50", Xs, time, status, 1, c(0.1, 0.03, 0.008), foldid = fold_s, store_data = TRUE)
cases[[length(cases) + 1]] <- run_case("synthetic_p50", Xs, time, status, 0.5, c(0.15, 0.05, 0.01), foldid = fold_s, store_data = TRUE)

# Synthetic, n < p (lambda.min.ratio 0.01, path stops early at dev.ratio > 0.99 or by slow change).
set.seed(11)
n2 <- 40; p2 <- 60
X2 <- matrix(rnorm(n2 * p2), n2, p2)
t2 <- rexp(n2, exp(X2[, 1] - X2[, 2]) * 0.2); c2 <- runif(n2, 0, 15)
time2 <- pmin(t2, c2); status2 <- as.numeric(t2 <= c2)
cases[[length(cases) + 1]] <- run_case("synthetic_small_n", X2, time2, status2, 1, c(0.3, 0.1, 0.05), store_data = TRUE)
cases[[length(cases) + 1]] <- run_case("synthetic_small_n", X2, time2, status2, 0.5, c(0.4, 0.2, 0.1), store_data = TRUE)
# User lambda sequence (unsorted on purpose: glmnet sorts it decreasing).
cases[[length(cases) + 1]] <- run_case("synthetic_p50", Xs, time, status, 0.7, c(0.05, 0.03), store_data = TRUE,
                                       lambda = c(0.02, 0.2, 0.1, 0.05, 0.01, 0.005))

datasets <- list(synthetic_p50 = data_of(Xs, time, status), synthetic_small_n = data_of(X2, time2, status2))
write_json(list(r = R.version.string, datasets = datasets, glmnet = as.character(packageVersion("glmnet")),
                survival = as.character(packageVersion("survival")), cases = cases, rawties = rawties),
           "test/golden/coxnet.json", digits = NA, auto_unbox = TRUE)
