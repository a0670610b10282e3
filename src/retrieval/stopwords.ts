/**
 * Words that say nothing about which topic a question is on, folded (no accents). Greetings and thanks are
 * here too, so that "hello" or "hola" alone finds no card. Question words that pick a topic ("who", "when")
 * stay out: cards answer "who was affected" and "when did it end".
 */
const ENGLISH =
  'a an the and or but if of to in on at by for with from about as into than so too very just also ' +
  'is are was were be been being am do does did doing done have has had having will would shall should can could may might must ' +
  'i me my mine we us our you your he him his she her it its they them their this that these those there here ' +
  'what whats how hows whom whose im ive id youre thats theres dont doesnt didnt cant isnt ' +
  'any some all more most much many other such only own same then once again really please pls plz kind type sort ' +
  'tell know want wanted need needs like get got give let explain mean means question questions info information go goes going ' +
  'hi hello hey thanks thank ok okay yes no not yeah sure dear sir madam good morning afternoon evening today now tonight';

const SPANISH =
  'el la los las lo un una unos unas de del al a en y e o u que como cual cuales ' +
  'por para con sin sobre entre hacia hasta desde segun durante ' +
  'es son era eran fue fueron ser estar esta estan estaba este esto estos estas ese esa eso esos esas ' +
  'mi mis tu tus su sus yo me te se le les nos usted ustedes ellos ellas ella el ' +
  'hay muy mas pero si no ni ya tambien solo tengo tiene tienen puedo puede pueden podria ' +
  'quiero quisiera necesito necesita saber sabe decir dime explicar explicame significa pregunta preguntas info informacion ' +
  'hola buenos buenas buen dia dias tardes noches gracias favor porfa porfavor ok oye oiga senor senora disculpe perdon ' +
  'hoy ahora hace tipo clase mucho mucha muchos muchas va van vas voy vamos ir';

const CHINESE =
  '的 了 是 我 你 您 他 她 它 们 我们 你们 他们 我的 你的 在 有 和 与 跟 及 或 或者 吗 呢 吧 啊 呀 嘛 么 ' +
  '什么 怎么 怎么样 怎样 如何 为什么 哪 哪里 哪些 哪个 这 那 这个 那个 这些 那些 就 都 也 还 很 ' +
  '想 要 会 能 可以 请 请问 一个 一下 知道 了解 告诉 问 问题 关于 你好 您好 谢谢 嗯 哦 个 之 ' +
  '我想 我要 想要 需要 是不是 有没有 能不能 可不可以 一些 如果 但是 因为 所以 然后 现在 今天 ' +
  '啥 是啥 意思 什么意思 啥意思 情况 哈 哈哈 呵呵';

export const STOPWORDS: ReadonlySet<string> = new Set([ENGLISH, SPANISH, CHINESE].flatMap((list) => list.split(' ')));
