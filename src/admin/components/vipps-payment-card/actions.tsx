// The capture, refund, release and refresh actions, each confirmed in a dialog before it is sent.
import { Button, Input, Label, Prompt, Text } from "@medusajs/ui"
import { useState } from "react"
import { isZero } from "../../lib/format"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsPaymentView, toMinor } from "../../lib/vipps-types"

/** One POST to /admin/vipps/payments/:id/:name. */
export type Action = { name: "capture" | "refund" | "release" | "refresh"; amount?: string }

type Confirm = { action: Action; title: string; description: string }

export function Actions({ view, pending, onAction }: { view: VippsPaymentView; pending: boolean; onAction: (action: Action) => void }) {
  const [capture, setCapture] = useState("")
  const [refund, setRefund] = useState("")
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const { t, money } = useVippsTranslation()
  const c = view.currency
  const fits = (text: string, max: string) => {
    const minor = toMinor(text)
    return minor !== undefined && minor <= (toMinor(max) ?? 0)
  }
  const canCapture = !isZero(view.available.capture) && fits(capture, view.available.capture)
  const canRefund = !isZero(view.available.refund) && fits(refund, view.available.refund)
  const canRelease = !isZero(view.available.release)

  const ask = (next: Confirm) => setConfirm(next)
  const run = () => {
    if (!confirm) return
    const { action } = confirm
    setConfirm(null)
    onAction(action)
    if (action.name === "capture") setCapture("")
    if (action.name === "refund") setRefund("")
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <AmountAction
        label={t("actions.capture")}
        fieldLabel={t("actions.captureAmount")}
        testId="vipps-capture"
        value={capture}
        onChange={setCapture}
        max={view.available.capture}
        currency={c}
        disabled={pending || !canCapture}
        inputDisabled={isZero(view.available.capture)}
        nothingLeft={t("actions.nothingToCapture")}
        onSubmit={() =>
          ask({
            action: { name: "capture", amount: capture.trim() },
            title: t("confirm.captureTitle", { amount: money(c, capture.trim()) }),
            description: t("confirm.captureDescription", { amount: money(c, capture.trim()), reserved: money(c, view.available.capture) }),
          })
        }
      />
      <AmountAction
        label={t("actions.refund")}
        fieldLabel={t("actions.refundAmount")}
        testId="vipps-refund"
        value={refund}
        onChange={setRefund}
        max={view.available.refund}
        currency={c}
        disabled={pending || !canRefund}
        inputDisabled={isZero(view.available.refund)}
        nothingLeft={t("actions.nothingToRefund")}
        onSubmit={() =>
          ask({
            action: { name: "refund", amount: refund.trim() },
            title: t("confirm.refundTitle", { amount: money(c, refund.trim()) }),
            description: t("confirm.refundDescription", { amount: money(c, refund.trim()) }),
          })
        }
      />
      <div className="flex flex-wrap gap-2">
        <Button
          size="small"
          variant="secondary"
          data-testid="vipps-release-submit"
          disabled={pending || !canRelease}
          onClick={() =>
            ask({
              action: { name: "release" },
              title: t("confirm.releaseTitle", { amount: money(c, view.available.release) }),
              description: t("confirm.releaseDescription", { amount: money(c, view.available.release) }),
            })
          }
        >
          {canRelease ? t("actions.releaseRemaining", { amount: money(c, view.available.release) }) : t("actions.nothingToRelease")}
        </Button>
        <Button size="small" variant="secondary" data-testid="vipps-refresh" disabled={pending} isLoading={pending} onClick={() => onAction({ name: "refresh" })}>
          {t("actions.refresh")}
        </Button>
      </div>

      <Prompt open={!!confirm} variant="confirmation" onOpenChange={(open) => !open && setConfirm(null)}>
        <Prompt.Content data-testid="vipps-confirm-dialog">
          <Prompt.Header>
            <Prompt.Title>{confirm?.title}</Prompt.Title>
            <Prompt.Description>{confirm?.description}</Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel data-testid="vipps-confirm-cancel" onClick={() => setConfirm(null)}>{t("confirm.cancel")}</Prompt.Cancel>
            <Prompt.Action data-testid="vipps-confirm" onClick={run}>{t("confirm.confirm")}</Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}

function AmountAction(props: {
  label: string
  fieldLabel: string
  testId: string
  value: string
  onChange: (value: string) => void
  max: string
  currency: string
  disabled: boolean
  inputDisabled: boolean
  nothingLeft: string
  onSubmit: () => void
}) {
  const { t, money } = useVippsTranslation()
  const id = `${props.testId}-amount`
  // The maximum is a hint under the field, never a placeholder: an empty field must look empty.
  const hint = props.inputDisabled ? props.nothingLeft : t("actions.max", { amount: money(props.currency, props.max) })
  return (
    <form
      className="flex flex-col gap-y-1"
      onSubmit={(event) => {
        event.preventDefault()
        if (!props.disabled) props.onSubmit()
      }}
    >
      <Label size="small" htmlFor={id} className="text-ui-fg-subtle">
        {props.fieldLabel}
      </Label>
      <div className="flex items-center gap-x-2">
        <div className="min-w-0 flex-1">
          <Input
            id={id}
            size="small"
            inputMode="decimal"
            autoComplete="off"
            value={props.value}
            disabled={props.inputDisabled}
            aria-describedby={`${id}-hint`}
            data-testid={id}
            onChange={(event) => props.onChange(event.target.value)}
          />
        </div>
        <Button size="small" type="submit" variant="secondary" disabled={props.disabled} data-testid={`${props.testId}-submit`}>
          {props.label}
        </Button>
      </div>
      <Text id={`${id}-hint`} size="xsmall" leading="compact" className="text-ui-fg-muted" data-testid={`${id}-hint`}>
        {hint}
      </Text>
    </form>
  )
}
