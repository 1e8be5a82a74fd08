export default `tcpsleuth ask: (help not written yet)
`;
