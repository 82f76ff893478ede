# Golden values for the oncology functions (models/oncology), written by this script.
# R 4.2.2, survival 3.5-3, jsonlite. Tests compare with relative tolerance 1e-12
# (NPI per row on survival::gbsg; PSA doubling time = log(2) / slope of lm(log(psa) ~ t)).
# Regenerate from the repository root:
#   Rscript test/models/oncology/golden/oncology-golden.R
# It writes test/models/oncology/golden/oncology-golden.json.
library(survival)
library(jsonlite)

# Nottingham Prognostic Index on gbsg: 0.2 * size (cm) + grade + node stage
node_stage <- ifelse(gbsg$nodes == 0, 1, ifelse(gbsg$nodes <= 3, 2, 3))
npi <- 0.2 * gbsg$size / 10 + gbsg$grade + node_stage
npi_r <- round(npi, 10)
groups <- table(cut(npi_r, c(-Inf, 3.4, 5.4, Inf), labels = c("good", "moderate", "poor")))

# PSA doubling time: three series (dates ISO, PSA ng/mL); time in months of 30.4375 days and in years of 365.25 days
series <- list(
  list(date = c("2021-01-15", "2021-04-20", "2021-08-02", "2022-01-10"), value = c(0.21, 0.34, 0.52, 1.05)),
  list(date = c("2019-03-01", "2019-06-01", "2019-12-01"), value = c(2.5, 3.1, 6.4)),
  list(date = c("2020-01-01", "2020-02-15", "2020-05-01", "2020-09-30", "2021-03-31"), value = c(0.8, 0.7, 1.3, 2.2, 4.9))
)
psadt <- lapply(series, function(s) {
  d <- as.numeric(as.Date(s$date))
  months <- coef(lm(log(s$value) ~ I(d / 30.4375)))[[2]]
  years <- coef(lm(log(s$value) ~ I(d / 365.25)))[[2]]
  list(date = s$date, value = s$value, slopeMonths = months, doublingTimeMonths = log(2) / months,
       slopeYears = years, doublingTimeYears = log(2) / years)
})

out <- list(
  r = R.version.string,
  survival = as.character(packageVersion("survival")),
  npi = npi,
  npiGroups = as.list(groups),
  psadt = psadt
)
write_json(out, "test/models/oncology/golden/oncology-golden.json", digits = NA, auto_unbox = TRUE)
