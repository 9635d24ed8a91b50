import { batched } from "../intake-batch"

const settled = <T>(values: T[]) => values.map((value) => ({ status: "fulfilled" as const, value }))

/** A runner whose calls stay open until released, recording the batches it got. */
function gatedRunner() {
  const batches: number[][] = []
  const gates: (() => void)[] = []
  const run = (items: number[]) => {
    batches.push(items)
    return new Promise<PromiseSettledResult<number>[]>((resolve) => gates.push(() => resolve(settled(items.map((n) => n * 10)))))
  }
  const releaseAll = async () => {
    while (gates.length) {
      gates.shift()!()
      await new Promise((r) => setImmediate(r))
    }
  }
  return { batches, run, releaseAll }
}

describe("intake group commit (batched)", () => {
  it("an item arriving at an idle batcher runs at once, alone", async () => {
    const r = gatedRunner()
    const submit = batched(r.run)
    const one = submit(1)
    expect(r.batches).toEqual([[1]])
    await r.releaseAll()
    await expect(one).resolves.toBe(10)
  })

  it("items arriving while a batch is in flight run together next, each getting its own result", async () => {
    const r = gatedRunner()
    const submit = batched(r.run)
    const results = [1, 2, 3, 4, 5, 6].map((n) => submit(n))
    expect(r.batches).toEqual([[1]])
    await r.releaseAll()
    expect(r.batches).toEqual([[1], [2, 3, 4, 5, 6]])
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50, 60])
  })

  it("a rejected item fails only its own caller; a failed batch fails its callers and the next batch still runs", async () => {
    let call = 0
    const submit = batched<number, number>(async (items) => {
      call++
      if (call === 1) throw new Error("statement failed")
      return items.map((n) => (n === 3 ? { status: "rejected" as const, reason: new Error("bad row 3") } : { status: "fulfilled" as const, value: n }))
    })
    const first = submit(1)
    await expect(first).rejects.toThrow("statement failed")
    const [a, b] = [submit(2), submit(3)]
    await expect(a).resolves.toBe(2)
    await expect(b).rejects.toThrow("bad row 3")
  })
})
