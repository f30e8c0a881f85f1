import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
const s = createStorage({ driver: memoryDriver() })
await s.setItem('notes:#sync:welcome', { a: 1 })
console.log(await s.getKeys('notes:#sync:'), await s.getItems(['notes:#sync:welcome']))
