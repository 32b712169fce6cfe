/* Words too common to say anything in the word cloud, Dutch and English. */
export const STOP_WORDS = new Set(`
aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens en er
ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan
kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds
te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen wie wil worden wordt zal ze
zelf zich zij zijn zo zonder zou zouden zeer heel echt gaan gaat komt komen maken doet wij jullie hen onze
a about above after again against all am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
him his how i if in into is it its just me more most my no nor not now of off on once only or other our out
over own same she should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours
`.trim().split(/\s+/));
