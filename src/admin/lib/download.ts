/**
 * Saves a file the server answered (an authenticated fetch: the admin's own session) under the
 * name its Content-Disposition gives, or `fallback`. Answers the name used.
 */
export async function saveDownload(response: Response, fallback: string): Promise<string> {
  const name = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback
  const url = URL.createObjectURL(await response.blob())
  try {
    const link = document.createElement("a")
    link.href = url
    link.download = name
    document.body.appendChild(link)
    link.click()
    link.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return name
}
