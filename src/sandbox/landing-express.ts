// The landing page's Express steps, as the app shows them: first "share your information"
// (the tester picks one of the fixed test profiles), then the shipping options for that
// address (fixed, or the merchant's dynamic callback answer) with the total including shipping.
import { allOptions, allowedProfiles, defaultProfile, TEST_PROFILES, type ProfileId } from "./express"
import type { ShippingGroup } from "./express-shipping"
import { esc, formatAmount } from "./landing-html"
import type { Payment } from "./payment-types"

const addressLine = (id: ProfileId) => {
  const a = TEST_PROFILES[id].address
  return [a.addressLine1, a.addressLine2, `${a.postCode} ${a.city}`, a.country].filter(Boolean).join(", ")
}

export const errorNotice = (message: string) => `<p class="error" id="shipping-error" role="alert">We could not continue: ${esc(message)}.</p>`

/** Step 1: which test user shares name, address, email and phone number with the shop. */
export function profileStep(p: Payment, selected: ProfileId | undefined, notice: string) {
  const chosen = selected ?? defaultProfile(p)
  // Only addresses in the countries the shop ships to, as the app offers them.
  const radios = allowedProfiles(p).map((id) => {
    const t = TEST_PROFILES[id]
    return `<label class="choice"><input type="radio" name="profile" value="${id}" id="profile-${id}"${id === chosen ? " checked" : ""}><span><strong>${esc(`${t.firstName} ${t.lastName}`)}</strong><br>${esc(addressLine(id))}<br>${esc(t.email)} · +${esc(t.mobileNumber)}</span></label>`
  }).join("")
  const token = esc(p.redirectToken)
  return `${notice}<form method="post" action="/landing/shipping" id="profile-form"><input type="hidden" name="token" value="${token}">
<fieldset id="profiles"><legend>Share your information with the shop</legend>${radios}</fieldset>
<div class="row"><button class="approve" id="share">Share and choose shipping</button></div></form>
<div class="row"><form method="post" action="/landing/reject"><input type="hidden" name="token" value="${token}"><button class="reject" id="reject">Reject</button></form></div>`
}

/** Step 2: the shipping options for the shared address and Approve (total = amount + option). */
export function shippingStep(p: Payment, profile: ProfileId, groups: ShippingGroup[], notice: string) {
  const first = allOptions(groups)[0]
  const radios = groups
    .map((g) => {
      const opts = g.options
        .map((o) => {
          const total = formatAmount(p.amount.value + o.amount.value, p.amount.currency)
          const extra = [o.estimatedDelivery, o.meta].filter(Boolean).join(" · ")
          return `<label class="choice"><input type="radio" name="shippingOptionId" value="${esc(o.id)}" data-total="${esc(total)}"${o === first ? " checked" : ""}><span><strong>${esc(o.name)}</strong> ${esc(formatAmount(o.amount.value, o.amount.currency))}${extra ? `<br><span class="muted">${esc(extra)}</span>` : ""}</span></label>`
        })
        .join("")
      return `<div class="muted">${esc(`${g.brand} · ${g.type}`)}</div>${opts}`
    })
    .join("")
  const t = TEST_PROFILES[profile]
  const token = esc(p.redirectToken)
  return `${notice}<div class="muted" id="shared">Shared: ${esc(`${t.firstName} ${t.lastName}`)}, ${esc(addressLine(profile))} · <a href="/landing?token=${token}">change</a></div>
<div class="amount" id="total">${esc(formatAmount(p.amount.value + first.amount.value, p.amount.currency))}</div><div class="muted">Total including shipping</div>
<form method="post" action="/landing/approve" id="shipping-form"><input type="hidden" name="token" value="${token}"><input type="hidden" name="profile" value="${profile}">
<fieldset id="shipping-options"><legend>Delivery</legend>${radios}</fieldset>
<div class="row"><button class="approve" id="approve">Approve</button></div></form>
<div class="row"><form method="post" action="/landing/reject"><input type="hidden" name="token" value="${token}"><button class="reject" id="reject">Reject</button></form></div>
<script>document.getElementById("shipping-options").addEventListener("change",function(e){if(e.target.dataset.total)document.getElementById("total").textContent=e.target.dataset.total})</script>`
}
