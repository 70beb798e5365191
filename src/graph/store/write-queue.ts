/** Runs tasks one at a time, in the order they were given; a failed task does not stop the next. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves once every task given so far has finished. */
  async drain(): Promise<void> {
    await this.tail
  }
}
