/**
 * Frequent words that tell Spanish from English, folded (no accents) because people often type without
 * them. Words common to both ("no", "me", "a", "ok", "mexico") are left out on purpose.
 */
export const SPANISH_WORDS: ReadonlySet<string> = new Set(
  (
    'hola buenos buenas dias tardes noches gracias favor porfa quiero quisiera necesito ayuda ayudar ayudame ' +
    'asilo mi mis tu tus su sus que como donde cuando cuanto cuantos cual cuales quien quienes porque por para ' +
    'con sin sobre pero tambien muy mas ya aqui alla ahora despues antes hoy manana el la los las un una unos ' +
    'unas del al de en y es son esta estan estoy estamos este esto estos ese esa eso fue ser estar hay tengo ' +
    'tiene tienen tenemos puedo puede pueden podemos debo debe soy eres somos yo usted ustedes ellos ellas nos ' +
    'se lo le les te hacer hago saber se sabe decir dice pasa paso llegar llegue entrar entre cruzar cruce pedir ' +
    'solicitar solicitud esposo esposa marido mujer hijo hija hijos hijas familia familiares mama papa hermano ' +
    'hermana frontera cita corte juez abogado abogada abogados migra migracion papeles permiso tramite estados ' +
    'unidos eeuu informacion ayer ano anos meses semana si claro vale bueno nada nadie algo alguien todo todos ' +
    'miedo peligro deportado deportada deportaron deportacion perdon disculpe oiga oye senor senora'
  ).split(' '),
);

export const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  (
    'hi hello hey thanks thank please yes yeah the an and or but of to in on at by for with from about into ' +
    'is are was were be been being am do does did done have has had will would should could can cannot ' +
    'i you he she we they my your his her our their it its this that these those what whats how where when ' +
    'why who which want wanted need needs help get got know tell say said go going come came there here now ' +
    'then today tomorrow yesterday year years month months week asylum border court lawyer attorney wife ' +
    'husband son daughter kids children family mother father brother sister deported deportation apply ' +
    'applied application papers entered enter crossed cross app if not any some all more just also very ' +
    'still again after before because so than too im ive dont cant wont didnt doesnt isnt arent wasnt'
  ).split(' '),
);

/** Spelling that only Spanish has, checked on the text before accents are folded away. */
export const SPANISH_LETTERS = /[ñ¿¡áéíóú]/iu;

/** Word endings that are Spanish even in words we do not list: "deportacion", "solicitud", "migrantes". */
export const SPANISH_ENDINGS = /(?:cion|ciones|sion|siones|dad|dades|mente|amos|emos|imos|ado|ada|ados|adas|ido|ida|idos|idas)$/;
