# Golden fixture for the group contrasts of models/patterns/ (chi-square-test.ts,
# fisher-exact-test.ts, odds-ratio.ts, discriminating-patterns.ts): for each G x 2
# table of groups by (contains a pattern, does not), R's
#   chisq.test(x)                      (Yates' correction on 2 x 2, R's default)
#   chisq.test(x, correct = FALSE)
#   fisher.test(x)$p.value             (2 x 2 and 2 x 3, two-sided)
#   the sample odds ratio of group 2 vs group 1 with Woolf's 95 % interval,
#     0.5 added to every cell when one is zero (Haldane-Anscombe), written out
#     here because no base R function reports it
# and p.adjust(p, "BH") of the default-corrected chi-square p-values.
# R 4.2.2 (stats only). Tolerance in test/models/patterns/contrast-golden.test.ts:
# relative 1e-9 on statistics and p-values, 1e-12 on the odds ratios.
# Regenerate from the repository root: Rscript test/golden/patterns-contrast.R
suppressPackageStartupMessages(library(jsonlite))
tables <- list(
  rbind(c(10, 20), c(20, 10)),
  rbind(c(3, 1), c(1, 3)),
  rbind(c(0, 12), c(5, 9)),
  rbind(c(45, 955), c(80, 920)),
  rbind(c(2, 40), c(9, 31)),
  rbind(c(7, 3), c(2, 8)),
  rbind(c(12, 8), c(12, 8)),
  rbind(c(30, 70), c(50, 50), c(10, 15)),
  rbind(c(1, 9), c(4, 6), c(0, 10)),
  rbind(c(3, 17), c(8, 12), c(1, 4))
)
woolf <- function(x) {
  a <- x[2, 1]; b <- x[2, 2]; c <- x[1, 1]; d <- x[1, 2]
  haldane <- any(c(a, b, c, d) == 0)
  if (haldane) { a <- a + 0.5; b <- b + 0.5; c <- c + 0.5; d <- d + 0.5 }
  lor <- log(a * d / (b * c)); se <- sqrt(1 / a + 1 / b + 1 / c + 1 / d); z <- qnorm(0.975)
  list(estimate = exp(lor), lower = exp(lor - z * se), upper = exp(lor + z * se), haldane = haldane)
}
out <- lapply(tables, function(x) {
  yates <- suppressWarnings(chisq.test(x))
  plain <- suppressWarnings(chisq.test(x, correct = FALSE))
  list(
    table = x,
    chisq = unname(yates$statistic), chisqP = yates$p.value, df = unname(yates$parameter),
    chisqNoCorrect = unname(plain$statistic), chisqNoCorrectP = plain$p.value,
    expected = unname(yates$expected), residuals = unname(yates$residuals),
    fisherP = fisher.test(x)$p.value,
    oddsRatio = woolf(x)
  )
})
bh <- p.adjust(sapply(out, function(o) o$chisqP), "BH")
write_json(list(r_version = paste(R.version$major, R.version$minor, sep = "."), tables = out, bh = bh),
           "test/golden/patterns-contrast.json", digits = NA, auto_unbox = TRUE, matrix = "rowmajor")
