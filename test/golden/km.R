# Golden fixture for Kaplan-Meier / Nelson-Aalen (test/models/survival/kaplan-meier/kaplan-meier.test.ts,
# nelson-aalen.test.ts).
# R 4.2.2, survival 3.5-3, jsonlite. Data: datasets/*.csv (exported unchanged from survival 3.5-3).
# Tolerance used by the tests: survival estimates and limits 1e-6 relative, standard errors 1e-5 relative.
# Regenerate from the repository root:  Rscript test/golden/km.R   (writes test/golden/km.json)
suppressMessages({ library(survival); library(jsonlite) })
rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung"); veteran <- rd("veteran"); gbsg <- rd("gbsg"); ovarian <- rd("ovarian"); heart <- rd("heart")
# Deterministic weights, recomputed by the tests from the 0-based row number r:
lung$wint <- (seq_len(nrow(lung)) - 1) %% 3 + 1          # 1, 2, 3, 1, ...
lung$wfrac <- ((seq_len(nrow(lung)) - 1) %% 4 + 1) / 2   # 0.5, 1, 1.5, 2, ...
na2null <- function(x) { x <- as.numeric(x); x[!is.finite(x)] <- NA; x }
curves <- function(fit) {
  st <- if (is.null(fit$strata)) rep("all", length(fit$time)) else rep(names(fit$strata), fit$strata)
  labs <- unique(st)
  lapply(labs, function(l) {
    k <- st == l
    list(label = l, time = fit$time[k], n.risk = fit$n.risk[k], n.event = fit$n.event[k],
         n.censor = fit$n.censor[k], surv = fit$surv[k], std.err = na2null(fit$std.err[k]),
         cumhaz = fit$cumhaz[k], std.chaz = na2null(fit$std.chaz[k]),
         lower = if (is.null(fit$lower)) NULL else na2null(fit$lower[k]),
         upper = if (is.null(fit$upper)) NULL else na2null(fit$upper[k]))
  })
}
summ <- function(s) {
  st <- if (is.null(s$strata)) rep("all", length(s$time)) else as.character(s$strata)
  labs <- unique(st)
  lapply(labs, function(l) {
    k <- st == l
    list(label = l, time = s$time[k], n.risk = s$n.risk[k], n.event = s$n.event[k], n.censor = s$n.censor[k],
         surv = s$surv[k], std.err = na2null(s$std.err[k]),
         lower = if (is.null(s$lower)) NULL else na2null(s$lower[k]),
         upper = if (is.null(s$upper)) NULL else na2null(s$upper[k]))
  })
}
medtab <- function(fit) {
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- matrix(tab, nrow = 1, dimnames = list("all", names(tab)))
  lapply(seq_len(nrow(tab)), function(i) {
    r <- tab[i, ]
    list(label = if (is.null(fit$strata)) "all" else rownames(tab)[i], records = unname(r["records"]),
         events = unname(r["events"]), median = unname(r["median"]),
         lcl = if ("0.95LCL" %in% names(r)) unname(r["0.95LCL"]) else unname(r[grep("LCL", names(r))]),
         ucl = if ("0.95UCL" %in% names(r)) unname(r["0.95UCL"]) else unname(r[grep("UCL", names(r))]))
  })
}
case <- function(id, data, formula, conf.type = "log", weights = NULL, ctype = 1, times = NULL, conf.int = 0.95) {
  d <- get(data)
  fit <- if (is.null(weights)) survfit(as.formula(formula), data = d, conf.type = conf.type, ctype = ctype, conf.int = conf.int)
         else survfit(as.formula(formula), data = d, conf.type = conf.type, ctype = ctype, conf.int = conf.int, weights = d[[weights]])
  out <- list(id = id, data = data, formula = formula, confType = conf.type, confLevel = conf.int, ctype = ctype,
              weights = weights, logse = fit$logse, curves = curves(fit), summary = summ(summary(fit)),
              medians = if (conf.type == "none") NULL else medtab(fit))
  if (!is.null(times)) {
    out$times <- times
    out$summaryTimes <- summ(summary(fit, times = times))
    out$summaryTimesExtend <- summ(summary(fit, times = times, extend = TRUE))
  }
  out
}
cases <- list(
  case("lung-sex-log", "lung", "Surv(time, status) ~ sex", times = c(-5, 0, 5, 100, 183.5, 365, 730, 1000, 2000)),
  case("lung-1-log", "lung", "Surv(time, status) ~ 1", times = c(0, 30, 90, 180, 365, 1022, 1100)),
  case("lung-sex-loglog", "lung", "Surv(time, status) ~ sex", conf.type = "log-log"),
  case("lung-sex-plain", "lung", "Surv(time, status) ~ sex", conf.type = "plain"),
  case("lung-sex-none", "lung", "Surv(time, status) ~ sex", conf.type = "none"),
  case("lung-sex-90", "lung", "Surv(time, status) ~ sex", conf.int = 0.9),
  case("lung-wint", "lung", "Surv(time, status) ~ sex", weights = "wint", times = c(100, 365, 500)),
  case("lung-wfrac", "lung", "Surv(time, status) ~ sex", weights = "wfrac"),
  case("lung-ctype2", "lung", "Surv(time, status) ~ sex", ctype = 2),
  case("lung-ecog-ctype2-wfrac", "lung", "Surv(time, status) ~ ph.ecog", ctype = 2, weights = "wfrac"),
  case("veteran-trt-celltype", "veteran", "Surv(time, status) ~ trt + celltype", times = c(10, 50, 100, 500)),
  case("veteran-celltype-loglog", "veteran", "Surv(time, status) ~ celltype", conf.type = "log-log"),
  case("gbsg-grade", "gbsg", "Surv(rfstime, status) ~ grade", times = c(365, 730, 1825)),
  case("gbsg-grade-plain", "gbsg", "Surv(rfstime, status) ~ grade", conf.type = "plain"),
  case("ovarian-rx", "ovarian", "Surv(futime, fustat) ~ rx", times = c(100, 400, 800)),
  case("ovarian-1-loglog", "ovarian", "Surv(futime, fustat) ~ 1", conf.type = "log-log"),
  case("heart-counting", "heart", "Surv(start, stop, event) ~ transplant", times = c(10, 100, 1000)),
  case("heart-counting-1", "heart", "Surv(start, stop, event) ~ 1", ctype = 2)
)
write_json(cases, "test/golden/km.json", digits = NA, auto_unbox = TRUE, null = "null", na = "null")
