// The landing page of a CARD payment: Vipps MobilePay's card form (card number, expiry, CVC)
// instead of the app screen, and the 3-D Secure step a card may ask for. The sandbox's test
// cards (card.ts) decide what happens; the form is listed with them so a tester needs no notes.
import { APPROVING_TEST_CARD, checkCardEntry, TEST_CARDS } from "./card"
import type { SandboxContext } from "./context"
import { esc } from "./landing-html"
import type { Payment } from "./payment-types"

export const isCardPayment = (p: Payment) => p.paymentMethod.type === "CARD"

const group = (number: string) => number.replace(/(\d{4})(?=\d)/g, "$1 ")

function testCardList() {
  const rows = Object.entries(TEST_CARDS)
    .map(([number, card]) => `<li><code>${group(number)}</code> ${esc(card.label)}</li>`)
    .join("")
  return `<div class="muted" id="test-cards"><p>Sandbox test cards (any future expiry, any 3-digit CVC):</p><ul>${rows}</ul></div>`
}

const cancelForm = (token: string) =>
  `<form method="post" action="/landing/reject"><input type="hidden" name="token" value="${token}"><button class="reject" id="reject">Cancel payment</button></form>`

/** The card form; `error` (one sentence) is shown above it, the fields keep what was typed except the CVC. */
export function cardFormStep(p: Payment, values: { number?: string; expiry?: string } = {}, error?: string) {
  const t = esc(p.redirectToken)
  const notice = error ? `<p class="error" id="card-error" role="alert">${esc(error)}.</p>` : ""
  return `${notice}<form method="post" action="/landing/card" id="card-form"><input type="hidden" name="token" value="${t}">
<fieldset><legend>Pay by card</legend>
<label class="field">Card number<input name="number" id="card-number" inputmode="numeric" autocomplete="cc-number" placeholder="${group(APPROVING_TEST_CARD)}" value="${esc(values.number ?? "")}"></label>
<div class="row"><label class="field">Expiry (MM/YY)<input name="expiry" id="card-expiry" autocomplete="cc-exp" placeholder="12/30" value="${esc(values.expiry ?? "")}"></label>
<label class="field">CVC<input name="cvc" id="card-cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123"></label></div>
</fieldset><div class="row"><button class="approve" id="pay-card">Pay</button></div></form>
<div class="row">${cancelForm(t)}</div>${testCardList()}`
}

/** The issuer's 3-D Secure page: confirm (authorize) or fail (the payment ends ABORTED). */
export function challengeStep(p: Payment) {
  const t = esc(p.redirectToken)
  return `<h2 id="three-d-secure">3-D Secure</h2><p class="muted">Your bank asks you to confirm this payment with card ${esc(p.cardBin ?? "")}••••.</p>
<div class="row"><form method="post" action="/landing/card/3ds"><input type="hidden" name="token" value="${t}"><input type="hidden" name="result" value="fail"><button class="reject" id="fail-3ds">Fail authentication</button></form>
<form method="post" action="/landing/card/3ds"><input type="hidden" name="token" value="${t}"><input type="hidden" name="result" value="approve"><button class="approve" id="approve-3ds">Confirm</button></form></div>`
}

/** What the page of a CREATED card payment shows now: the 3-D Secure step, or the form. */
export function cardStep(p: Payment) {
  return p.cardChallenge ? challengeStep(p) : cardFormStep(p)
}

export type CardPost = { kind: "done" } | { kind: "page"; step: string; status: number }

/**
 * POST /landing/card (the form) and /landing/card/3ds (the 3-D Secure answer) of a CREATED
 * CARD payment. `done` means the payment is decided (AUTHORIZED or ABORTED): back to the shop.
 */
export function postCard(ctx: SandboxContext, p: Payment, path: string, field: (name: string) => string): CardPost {
  if (path === "/landing/card/3ds") {
    if (!p.cardChallenge) return { kind: "page", step: cardFormStep(p, {}, "There is no 3-D Secure step waiting for this payment"), status: 409 }
    const result = field("result")
    if (result !== "approve" && result !== "fail") return { kind: "page", step: challengeStep(p), status: 400 }
    ctx.payments.payWithCard(p, p.cardBin!, result === "approve" ? "approve" : "decline")
    return { kind: "done" }
  }
  if (p.cardChallenge) return { kind: "page", step: challengeStep(p), status: 409 }
  const entry = { number: field("number"), expiry: field("expiry"), cvc: field("cvc") }
  const check = checkCardEntry(entry, ctx.clock.now())
  if (!check.ok) return { kind: "page", step: cardFormStep(p, entry, check.message), status: 400 }
  ctx.payments.payWithCard(p, check.bin, check.behaviour)
  if (check.behaviour === "challenge") return { kind: "page", step: challengeStep(p), status: 200 }
  return { kind: "done" }
}
