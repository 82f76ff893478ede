# Golden fixture for reading --data CSV files as R's read.csv types them
# (test/engine/read-file.test.ts): column classes, Cox term names and
# coefficients, Kaplan-Meier strata names, with text, logical and numeric columns.
# R 4.2.2, survival 3.5-3, TH.data 1.1-1, jsonlite. Tolerance used by the tests:
# coefficients, standard errors and log-likelihoods 1e-9 relative; survival 1e-12.
# Data: TH.data's GBSG2 (686 patients of the German Breast Cancer Study Group 2)
# with columns derived from it in the several spellings a CSV file may hold:
#   er.pos        TRUE/FALSE (estrec >= 10)            -> R logical
#   pr.pos        T/F (progrec >= 10)                   -> R logical
#   in.subcohort  TRUE/FALSE/NA (every 3rd row NA)      -> R logical with NA
#   event         TRUE/FALSE (cens == 1)                -> R logical, an event indicator
#   node.any      true/false (pnodes > 3)               -> R character (R 4.2.2 reads only T/F/TRUE/FALSE as logical)
#   big           True/False (tsize > 30)               -> R character
#   yes.no        yes/no (horTh, again)                 -> R character
#   g             1/2/3 (tgrade I/II/III as integers)   -> R integer
# The CSV is written by this script (write.csv, row.names = FALSE: text quoted, NA as NA)
# and read back with read.csv exactly as a user would.
# Regenerate from the repository root:  Rscript test/golden/read-csv.R
#   (writes test/fixtures/data-files/gbsg2-types.csv and test/golden/read-csv.json)
suppressMessages({ library(survival); library(jsonlite); library(TH.data) })
data(GBSG2, package = "TH.data")
g <- GBSG2
i <- seq_len(nrow(g))
out <- data.frame(
  horTh = as.character(g$horTh), age = g$age, menostat = as.character(g$menostat),
  tsize = g$tsize, tgrade = as.character(g$tgrade), pnodes = g$pnodes,
  progrec = g$progrec, estrec = g$estrec, time = g$time, cens = g$cens,
  er.pos = g$estrec >= 10,
  pr.pos = ifelse(g$progrec >= 10, "T", "F"),
  in.subcohort = ifelse(i %% 3 == 0, NA, i %% 2 == 0),
  event = g$cens == 1,
  node.any = ifelse(g$pnodes > 3, "true", "false"),
  big = ifelse(g$tsize > 30, "True", "False"),
  yes.no = as.character(g$horTh),
  g = as.integer(g$tgrade),
  stringsAsFactors = FALSE)
csv <- "test/fixtures/data-files/gbsg2-types.csv"
write.csv(out, csv, row.names = FALSE)

d <- read.csv(csv)
classes <- sapply(d, class)

cox <- function(f, data) {
  fit <- coxph(f, data = data, ties = "efron")
  list(formula = paste(deparse(f), collapse = ""), n = fit$n, nevent = fit$nevent,
       names = names(coef(fit)), coef = unname(coef(fit)), se = unname(sqrt(diag(fit$var))),
       loglik = fit$loglik)
}
km <- function(f, data, times) {
  fit <- survfit(f, data = data)
  s <- summary(fit, times = times, extend = TRUE)
  list(formula = paste(deparse(f), collapse = ""), strata = names(fit$strata), n = unname(fit$n),
       times = times, summaryStrata = as.character(s$strata), surv = s$surv)
}
res <- list(
  r = R.version.string, survival = as.character(packageVersion("survival")),
  th_data = as.character(packageVersion("TH.data")),
  rows = nrow(d), names = names(d), classes = unname(classes),
  cox = list(
    cox(Surv(time, cens) ~ horTh + age + menostat + tsize + tgrade + pnodes + progrec + estrec, d),
    cox(Surv(time, cens) ~ horTh + er.pos + pr.pos + node.any + big + g, d),
    cox(Surv(time, event) ~ yes.no + in.subcohort + age, d),
    cox(Surv(time, cens) ~ er.pos:age + pr.pos, d)
  ),
  km = list(
    km(Surv(time, cens) ~ horTh, d, c(365, 1000, 2000)),
    km(Surv(time, cens) ~ er.pos, d, c(365, 1000, 2000)),
    km(Surv(time, event) ~ in.subcohort + pr.pos, d, c(500, 1500))
  )
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/golden/read-csv.json")
