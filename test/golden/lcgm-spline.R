# Golden values for the natural cubic spline basis of the latent-class growth
# model (models/cluster/latent-class-growth.ts, option `spline`).
# R 4.2.2, splines (base R 4.2.2), jsonlite 1.8.4.
# With one class the model is ordinary least squares of all visits on the
# basis, with the maximum-likelihood residual variance, so it must equal
#   lm(y ~ ns(t, knots = interior, Boundary.knots = boundary))
# in fitted values and logLik (ns() spans the same space as the truncated-power
# basis used here, with another parametrisation). Tolerance in the test: 1e-9
# relative (loglik), 1e-9 absolute (fitted values, EDSS scale).
# Regenerate: Rscript test/golden/lcgm-spline.R  (writes test/golden/lcgm-spline.json)
library(splines)
library(jsonlite)
set.seed(20261128)
n <- 40
courses <- lapply(seq_len(n), function(i) {
  m <- sample(4:9, 1)
  t <- sort(round(runif(m, 0, 10), 3))
  t <- unique(t)
  y <- 1.5 + 0.6 * t - 0.045 * t^2 + 0.4 * sin(t) + rnorm(length(t), 0, 0.3)
  list(time = t, value = round(y, 4))
})
t <- unlist(lapply(courses, `[[`, "time"))
y <- unlist(lapply(courses, `[[`, "value"))
cases <- list(
  list(knots = c(0, 10)),
  list(knots = c(0, 5, 10)),
  list(knots = c(0, 2.5, 5, 7.5, 10)),
  list(knots = c(0.5, 3, 6, 9.5))
)
grid <- seq(-1, 11, by = 0.5)
out <- lapply(cases, function(cs) {
  k <- cs$knots
  interior <- if (length(k) > 2) k[2:(length(k) - 1)] else NULL
  fit <- lm(y ~ ns(t, knots = interior, Boundary.knots = range(k)))
  list(
    knots = k,
    loglik = as.numeric(logLik(fit)),
    sigma2 = sum(residuals(fit)^2) / length(y),
    trajectory = as.numeric(predict(fit, newdata = data.frame(t = grid)))
  )
})
write_json(list(
  r_version = R.version.string,
  courses = courses,
  grid = grid,
  cases = out
), "test/golden/lcgm-spline.json", digits = NA, auto_unbox = TRUE, pretty = FALSE)
