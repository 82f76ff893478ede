# Golden fixture for models/survival/multistate: Aalen-Johansen state
# occupation probabilities with their infinitesimal-jackknife standard errors
# (survfit(Surv(start, stop, state) ~ group, id = id)$pstate and $std.err),
# the multi-state Cox model (coxph(Surv(start, stop, state) ~ x, id = id):
# coefficients, robust standard errors, shared coefficients with `/ common`)
# and its predicted state occupation for a covariate profile
# (survfit(coxfit, newdata, stype = 1)$pstate, and the default stype = 2).
#
# Generated with R 4.2.2, survival 3.5-3, Matrix 1.5-3, jsonlite. Regenerate from the
# repository root:
#   Rscript test/golden/mstate.R   # writes test/golden/mstate.json and the
#                                  # data files test/golden/mstate-*.csv
# Tolerance used by the tests (test/models/survival/multistate/*.test.ts,
# test/cli/mstate.test.ts): 1e-10 absolute for pstate and std.err, 1e-8
# relative for Cox coefficients and standard errors, 1e-10 absolute for the
# predicted pstate (jsonlite digits = NA: 15 significant digits).
#
# States are factors with the censoring level first and the other levels in
# code-point order (sort(method = "radix")), so R's state order is the order
# of the engine's contract: the initial state "(s0)" first, then the others.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")

cp_levels <- function(x) sort(unique(x[x != "" & x != "censor"]), method = "radix")
state_factor <- function(x) factor(ifelse(x == "", "censor", x), levels = c("censor", cp_levels(x)))

# (a) mgus2 as competing risks (vignette "Multi-state models and competing
# risks", section 2): progression to plasma cell malignancy (pcm) or death.
mgus2 <- read.csv("datasets/mgus2.csv")
mg <- data.frame(id = mgus2$id, sex = mgus2$sex, start = 0,
                 stop = ifelse(mgus2$pstat == 0, mgus2$futime, mgus2$ptime))
ev <- ifelse(mgus2$pstat == 0, 2 * mgus2$death, 1)
mg$state <- c("censor", "pcm", "death")[ev + 1]
write.csv(mg, "test/golden/mstate-mgus2.csv", row.names = FALSE)

# (b) seeded illness-death data: surgery (s0) -> recurrence -> death, two
# groups, integer times (ties), 10% late entry, and some patients' first
# interval split by a censored row (a covariate change) that survfit merges.
set.seed(20261215)
n <- 240
rows <- list()
for (i in seq_len(n)) {
  grp <- if (i %% 2 == 0) "b" else "a"
  x <- round(rnorm(1), 2)
  entry <- if (runif(1) < 0.1) sample(1:3, 1) else 0
  rr <- 0.08 * (if (grp == "b") 1.8 else 1) * exp(0.3 * x)
  trec <- ceiling(entry + rexp(1, rr))
  tdeath <- ceiling(entry + rexp(1, 0.04))
  cens <- ceiling(entry + runif(1, 4, 40))
  add <- function(a, b, s) rows[[length(rows) + 1]] <<- data.frame(id = i, group = grp, x = x, start = a, stop = b, state = s)
  if (trec < tdeath && trec <= cens) {
    if (trec - entry >= 3 && runif(1) < 0.25) {
      cut <- entry + 1
      add(entry, cut, "")
      add(cut, trec, "recurrence")
    } else add(entry, trec, "recurrence")
    td2 <- trec + ceiling(rexp(1, 0.12))
    if (td2 <= cens) add(trec, td2, "death") else if (cens > trec) add(trec, cens, "")
  } else if (tdeath <= cens) {
    add(entry, max(tdeath, entry + 1), "death")
  } else add(entry, cens, "")
}
ill <- do.call(rbind, rows)
write.csv(ill, "test/golden/mstate-illness-death.csv", row.names = FALSE)

# (c) a 3-state model with a transient state, MS-like: relapsing-remitting
# (RR) <-> relapse (transient: patients return to RR), RR or relapse ->
# secondary progressive (SP). Everyone starts in RR, given by istate.
set.seed(8150)
rows <- list()
for (i in 1:150) {
  grp <- if (i <= 75) "early" else "late"
  t <- 0
  s <- "RR"
  cens <- ceiling(runif(1, 10, 60))
  repeat {
    if (s == "RR") {
      tr <- ceiling(t + rexp(1, 0.12))
      tp <- ceiling(t + rexp(1, if (grp == "early") 0.015 else 0.03))
      nxt <- if (tr < tp) "relapse" else "SP"
      tn <- min(tr, tp)
    } else {
      tn <- t + sample(1:3, 1)
      nxt <- if (runif(1) < 0.15) "SP" else "RR"
    }
    if (tn > cens) { if (cens > t) rows[[length(rows) + 1]] <- data.frame(id = i, group = grp, istate = s, start = t, stop = cens, state = ""); break }
    rows[[length(rows) + 1]] <- data.frame(id = i, group = grp, istate = s, start = t, stop = tn, state = nxt)
    if (nxt == "SP") break
    t <- tn
    s <- nxt
  }
}
tra <- do.call(rbind, rows)
write.csv(tra, "test/golden/mstate-transient.csv", row.names = FALSE)

num17 <- function(x) x
aj_case <- function(name, file, d, rhs, istate = NULL) {
  d$state <- state_factor(d$state)
  f <- as.formula(paste("Surv(start, stop, state) ~", rhs))
  fit <- if (is.null(istate)) survfit(f, data = d, id = id)
         else { d$istate <- factor(d[[istate]], levels = sort(unique(d[[istate]]), method = "radix")); survfit(f, data = d, id = id, istate = istate) }
  strata <- if (is.null(fit$strata)) rep("all", length(fit$time)) else rep(names(fit$strata), fit$strata)
  labels <- if (is.null(fit$strata)) "all" else names(fit$strata)
  list(
    name = name, file = file, formula = deparse(f), istate = if (is.null(istate)) NA else istate,
    states = fit$states,
    cumhazNames = colnames(fit$cumhaz),
    strata = lapply(labels, function(l) {
      k <- which(strata == l)
      list(label = l, time = fit$time[k],
           pstate = unname(lapply(k, function(i) fit$pstate[i, ])),
           stdErr = unname(lapply(k, function(i) fit$std.err[i, ])),
           nRisk = unname(lapply(k, function(i) fit$n.risk[i, ])),
           nEvent = unname(lapply(k, function(i) fit$n.event[i, ])),
           nCensor = fit$n.censor[k],
           cumhaz = unname(lapply(k, function(i) fit$cumhaz[i, ])))
    })
  )
}

aj <- list(
  aj_case("mgus2 by sex", "test/golden/mstate-mgus2.csv", mg, "sex"),
  aj_case("mgus2, one curve", "test/golden/mstate-mgus2.csv", mg, "1"),
  aj_case("illness-death by group", "test/golden/mstate-illness-death.csv", ill, "group"),
  aj_case("transient RR/relapse/SP by group, istate", "test/golden/mstate-transient.csv", tra, "group", istate = "istate"),
  aj_case("transient RR/relapse/SP, istate, one curve", "test/golden/mstate-transient.csv", tra, "1", istate = "istate")
)

# Multi-state Cox on (b): separate coefficients per transition, and x shared
# by the two transitions into death.
illf <- ill
illf$state <- state_factor(illf$state)
cox_case <- function(name, fit, newdata) {
  p1 <- survfit(fit, newdata = newdata, stype = 1)
  pb <- survfit(fit, newdata = newdata, stype = 1, ctype = 1)
  # survfit's default stype = 2 (a matrix exponential per step) stops with an
  # error in survival 3.5-3 here (survexpm's setup path); the same product
  # of matrix exponentials is computed from survfit's per-transition
  # cumulative hazards with Matrix::expm instead.
  ch <- p1$cumhaz[, 1, , drop = TRUE]
  from <- as.integer(sub(":.*$", "", colnames(fit$cmap)))
  to <- as.integer(sub("^.*:", "", colnames(fit$cmap)))
  S <- p1$p0
  prev <- rep(0, length(from))
  stype2 <- vector("list", length(p1$time))
  for (i in seq_along(p1$time)) {
    dh <- ch[i, ] - prev
    prev <- ch[i, ]
    if (any(dh > 0)) {
      H <- matrix(0, length(S), length(S))
      H[cbind(from, to)] <- dh
      diag(H) <- -rowSums(H)
      S <- as.vector(S %*% as.matrix(Matrix::expm(Matrix::Matrix(H))))
    }
    stype2[[i]] <- S
  }
  list(
    name = name,
    states = fit$states,
    transitions = colnames(fit$cmap),
    coef = as.list(coef(fit)),
    se = as.list(setNames(sqrt(diag(fit$var)), names(coef(fit)))),
    naiveSe = as.list(setNames(sqrt(diag(fit$naive.var)), names(coef(fit)))),
    loglik = fit$loglik,
    n = fit$n, nevent = fit$nevent,
    newdata = newdata,
    predicted = list(time = p1$time,
                     stype1 = unname(lapply(seq_along(p1$time), function(i) p1$pstate[i, 1, ])),
                     cumhaz = unname(lapply(seq_along(p1$time), function(i) ch[i, ])),
                     stype2 = stype2,
                     stype1ctype1 = unname(lapply(seq_along(pb$time), function(i) pb$pstate[i, 1, ])))
  )
}
fsep <- coxph(Surv(start, stop, state) ~ x + group, data = illf, id = id)
fcom <- coxph(list(Surv(start, stop, state) ~ x + group, 1:2 + 3:2 ~ x / common), data = illf, id = id)
cox <- list(
  cox_case("illness-death, separate", fsep, data.frame(x = 0.5, group = "b")),
  cox_case("illness-death, x common to 1:2 and 3:2", fcom, data.frame(x = -0.3, group = "a"))
)

out <- list(
  generatedWith = list(R = paste(R.version$major, R.version$minor, sep = "."),
                       survival = as.character(packageVersion("survival"))),
  aj = aj, cox = cox
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null"), "test/golden/mstate.json")
